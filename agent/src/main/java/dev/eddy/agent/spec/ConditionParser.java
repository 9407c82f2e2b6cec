package dev.eddy.agent.spec;

import dev.eddy.agent.spec.Condition.Literal;
import dev.eddy.agent.spec.Condition.Op;
import dev.eddy.agent.spec.Condition.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses a {@code when:} clause. Grammar, spaces optional:
 *
 * <pre>
 * or      := and ('||' and)*
 * and     := unary ('&&' unary)*
 * unary   := '!' unary | '(' or ')' | 'threw' [':' ClassName] | operand op literal
 * operand := ('arg'N | 'this' | 'return') ('.' field)* | 'elapsed'
 * op      := == != &lt; &lt;= &gt; &gt;= &lt;&gt;  or  eq ne lt le gt ge (spaced, or dotted: arg0.ge.5)
 * literal := number | duration (5ms, 200us, 1s; for elapsed) | "text" | 'text' | true | false | null | NAME
 * </pre>
 *
 * A bare operand is never a condition: jcmd cuts {@code arg0==5} down to {@code arg0} (DESIGN §5), and
 * such a cut must fail, never match something else. Hence also the spellings without {@code =}.
 */
public final class ConditionParser {
  private static final List<String> WORD_OPS = List.of("eq", "ne", "lt", "le", "gt", "ge");

  private final String text;
  private final SpecParser.Origin origin;
  private int pos;

  private ConditionParser(String text, SpecParser.Origin origin) {
    this.text = text;
    this.origin = origin;
  }

  public static When parse(String text, SpecParser.Origin origin) throws SpecException {
    ConditionParser p = new ConditionParser(text, origin);
    Condition c = p.or();
    p.skipSpaces();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.substring(p.pos) + "'");
    }
    return When.of(text, c);
  }

  private Condition or() throws SpecException {
    Condition left = and();
    while (take("||")) {
      left = new Condition.Or(left, and());
    }
    return left;
  }

  private Condition and() throws SpecException {
    Condition left = unary();
    while (take("&&")) {
      left = new Condition.And(left, unary());
    }
    return left;
  }

  private Condition unary() throws SpecException {
    skipSpaces();
    if (take("!")) {
      return new Condition.Not(unary());
    }
    if (take("(")) {
      Condition inner = or();
      if (!take(")")) {
        throw error("missing ')'");
      }
      return inner;
    }
    int start = pos;
    String word = identifier();
    if (word.isEmpty()) {
      throw error(pos >= text.length() ? "condition ends where a comparison should start" : "expected arg0, this,"
          + " return, elapsed or threw at '" + text.substring(pos) + "'");
    }
    if (word.equals("threw")) {
      if (pos < text.length() && text.charAt(pos) == ':') {
        pos++;
        String type = qualifiedName();
        if (type.isEmpty()) {
          throw error("threw: needs an exception class name, e.g. threw:IOException");
        }
        return new Condition.Threw(Optional.of(type));
      }
      return new Condition.Threw(Optional.empty());
    }
    Operand operand = operand(word, start);
    Op op = op(operand);
    return new Condition.Compare(operand, op, literal(operand), start);
  }

  private Operand operand(String word, int start) throws SpecException {
    List<String> fields = new ArrayList<>();
    while (pos < text.length() && text.charAt(pos) == '.' && !atDottedOp()) {
      pos++;
      String field = identifier();
      if (field.isEmpty()) {
        throw error("a field name must follow '.'");
      }
      fields.add(field);
    }
    if (word.matches("arg\\d{1,3}")) {
      return new Condition.Arg(Integer.parseInt(word.substring(3)), List.copyOf(fields));
    }
    switch (word) {
      case "this":
        return new Condition.This(List.copyOf(fields));
      case "return":
        return new Condition.Return(List.copyOf(fields));
      case "elapsed":
        if (!fields.isEmpty()) {
          throw errorAt(start, "elapsed has no fields");
        }
        return new Condition.Elapsed();
      default:
        throw errorAt(start, "unknown value '" + word + "': write arg0, arg1, …, this.FIELD, return, elapsed or threw");
    }
  }

  private boolean atDottedOp() {
    for (String w : WORD_OPS) {
      if (text.startsWith("." + w + ".", pos)) {
        return true;
      }
    }
    return false;
  }

  private Op op(Operand operand) throws SpecException {
    skipSpaces();
    int start = pos;
    Op op = symbolOp();
    if (op == null) {
      boolean dotted = pos < text.length() && text.charAt(pos) == '.';
      if (dotted) {
        pos++;
      }
      String word = identifier();
      int index = WORD_OPS.indexOf(word);
      if (index >= 0 && (!dotted || take("."))) {
        return Op.values()[index];
      }
      pos = start;
      String cut = origin == SpecParser.Origin.JCMD
          ? ": most likely jcmd cut the spec at an '=' (it passes only what comes before the first '='); write"
              + " the comparison without '=': eq, ne, ge, le or <>, e.g. " + operand.text() + ".eq.5 or "
              + operand.text() + "<>0"
          : ", e.g. " + operand.text() + ">100 or " + operand.text() + ".eq.5";
      throw error("'" + operand.text() + "' compares nothing: a condition needs a comparison" + cut);
    }
    return op;
  }

  private Op symbolOp() {
    String[] symbols = {"==", "!=", "<>", "<=", ">=", "<", ">"};
    Op[] ops = {Op.EQ, Op.NE, Op.NE, Op.LE, Op.GE, Op.LT, Op.GT};
    for (int i = 0; i < symbols.length; i++) {
      if (text.startsWith(symbols[i], pos)) {
        pos += symbols[i].length();
        return ops[i];
      }
    }
    return null;
  }

  private Literal literal(Operand operand) throws SpecException {
    skipSpaces();
    if (pos >= text.length()) {
      throw error("a value must follow the comparison" + (origin == SpecParser.Origin.JCMD
          ? " (if you wrote '=' here, jcmd cut the spec there: write eq, ne, ge, le or <> instead)" : ""));
    }
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      int end = text.indexOf(c, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String value = text.substring(pos + 1, end);
      pos = end + 1;
      return new Condition.Str(value);
    }
    if (c == '-' || Character.isDigit(c)) {
      return number(operand);
    }
    int start = pos;
    String word = identifier();
    if (word.isEmpty()) {
      throw error("expected a value (number, \"text\", true, false, null or a constant name)");
    }
    return switch (word) {
      case "true" -> new Condition.Bool(true);
      case "false" -> new Condition.Bool(false);
      case "null" -> new Condition.Null();
      default -> {
        if (operand instanceof Condition.Elapsed) {
          throw errorAt(start, "elapsed compares with a duration such as 5ms");
        }
        yield new Condition.Name(word);
      }
    };
  }

  private Literal number(Operand operand) throws SpecException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')
        && !atDottedOp()) {
      pos++;
    }
    String digits = text.substring(start, pos);
    String unit = identifier();
    double value;
    try {
      value = Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      throw errorAt(start, "'" + digits + "' is not a number");
    }
    if (operand instanceof Condition.Elapsed) {
      long scale = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        default -> throw errorAt(start, "elapsed compares with a duration: give a unit, ns, us, ms or s, e.g. 5ms");
      };
      return new Condition.Nanos(Math.round(value * scale));
    }
    if (!unit.isEmpty()) {
      throw errorAt(start, "'" + digits + unit + "' is not a number (units only go with elapsed)");
    }
    return new Condition.Num(value, digits.indexOf('.') < 0);
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length() && (Character.isJavaIdentifierPart(text.charAt(pos)) || text.charAt(pos) == 'µ')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String qualifiedName() {
    int start = pos;
    while (pos < text.length() && (Character.isJavaIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean take(String token) {
    skipSpaces();
    if (text.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private SpecException error(String message) {
    return errorAt(pos, message);
  }

  private SpecException errorAt(int at, String message) {
    return new SpecException("condition '" + text + "', at position " + (at + 1) + ": " + message);
  }
}
