package dev.eddy.peer.cli;

import dev.eddy.peer.merkle.HashFunction;
import picocli.CommandLine;

/** {@code sha1}, {@code sha256}, ... (RFC 7574 §7.5 Merkle hash functions). */
final class HashFunctionConverter implements CommandLine.ITypeConverter<HashFunction> {
  @Override
  public HashFunction convert(String value) {
    return HashFunction.fromName(value).orElseThrow(() ->
        new CommandLine.TypeConversionException("'" + value + "' is not a hash function (sha1, sha224, sha256, sha384, sha512)"));
  }
}
