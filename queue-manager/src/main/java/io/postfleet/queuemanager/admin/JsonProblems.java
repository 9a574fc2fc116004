package io.postfleet.queuemanager.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says in JSON's words what was wrong with a request body Jackson could not read: not JSON at all
 * (with line and column), an unknown field, or a field of the wrong type or out of range (named by
 * its path). Jackson's own messages name Java types, so only its parser messages are passed on.
 */
final class JsonProblems {
  private JsonProblems() {}

  static Problem of(JsonProcessingException e) {
    if (e instanceof PropertyBindingException unknown) {
      String field = path(unknown);
      List<String> known = unknown.getKnownPropertyIds() == null
          ? List.of()
          : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      return Problem.of(400, "unknown-field", "Unknown field", "there is no field " + field + " here"
          + (known.isEmpty() ? "" : "; the fields are " + String.join(", ", known))).withField(field)
          .withAllowed(known);
    }
    if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof InputCoercionException range) {
      String field = path(mapping);
      return Problem
          .of(400, "invalid-field", "Invalid field", field + " is out of range for " + typeName(range.getTargetType()))
          .withField(field);
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return mismatched(mismatch);
    }
    if (e instanceof MismatchedInputException) {
      return Problem.of(400, "malformed-json", "Malformed JSON",
          "the body must be a JSON object" + at(e.getLocation()));
    }
    if (e instanceof StreamConstraintsException) {
      return Problem.of(400, "malformed-json", "Malformed JSON",
          "the body exceeds a limit of the JSON parser (a number,"
              + " string or nesting too long or deep)" + at(e.getLocation()));
    }
    return Problem.of(400, "malformed-json", "Malformed JSON", "the body is not well-formed JSON: "
        + parserMessage(e) + at(e.getLocation()));
  }

  private static Problem mismatched(MismatchedInputException e) {
    String field = path(e);
    Class<?> target = e.getTargetType();
    String given = e instanceof InvalidFormatException format ? ", not " + quoted(format.getValue()) : "";
    Problem problem = Problem.of(400, "invalid-field", "Invalid field", field + " must be " + typeName(target) + given)
        .withField(field);
    return target != null && target.isEnum() ? problem.withAllowed(constants(target)) : problem;
  }

  /** The JSON path of the failing value: {@code greylist.delay}, {@code targets[1]}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the body" : path.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isEnum()) {
      return "one of " + String.join(", ", constants(type));
    }
    if (type == Long.class || type == long.class) {
      return "an integer (64 bits)";
    }
    if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
      return "an integer (32 bits)";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Duration.class) {
      return "a string";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "an ISO 8601 date and time";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }

  private static List<String> constants(Class<?> type) {
    return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  /**
   * The parser's own complaint ("Unexpected character ('}' (code 125)) ..."), without the source
   * excerpt it may append; dropped if it ever names a Java type.
   */
  private static String parserMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    int source = message.indexOf(" at [Source");
    if (source < 0) {
      source = message.indexOf("[Source");
    }
    message = (source < 0 ? message : message.substring(0, source)).strip();
    if (message.isEmpty() || message.contains("`") || message.toLowerCase(Locale.ROOT).contains("java")
        || message.contains("com.fasterxml")) {
      return "it cannot be parsed";
    }
    return message;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
