public class Chk { public static void main(String[] a) throws Exception {
  var m = Class.forName("dev.eddy.agent.attach.Attachability").getDeclaredMethod("check", long.class);
  m.setAccessible(true); System.out.println(m.invoke(null, Long.parseLong(a[0])));
  System.out.println(java.nio.file.Files.exists(java.nio.file.Path.of("/proc", a[0], "root/tmp/.java_pid" + a[0])));
}}
