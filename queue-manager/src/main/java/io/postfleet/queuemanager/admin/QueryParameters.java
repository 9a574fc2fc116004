package io.postfleet.queuemanager.admin;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads enum and integer query parameters so that a bad value is a 400 naming the parameter (and
 * for an enum the values it takes), not the 404 JAX-RS gives for any unconvertible parameter. Enum
 * names are matched regardless of case. Path parameters keep JAX-RS's 404: a path that does not
 * parse names nothing that exists.
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = queryParamName(annotations);
    if (name == null) {
      return null;
    }
    if (rawType.isEnum()) {
      return (ParamConverter<T>) new EnumConverter(name, (Class) rawType);
    }
    if (rawType == Integer.class || rawType == int.class) {
      return (ParamConverter<T>) new NumberConverter<>(name, Integer::valueOf);
    }
    if (rawType == Long.class || rawType == long.class) {
      return (ParamConverter<T>) new NumberConverter<>(name, Long::valueOf);
    }
    return null;
  }

  private static String queryParamName(Annotation[] annotations) {
    if (annotations == null) {
      return null;
    }
    for (Annotation a : annotations) {
      if (a instanceof QueryParam q) {
        return q.value();
      }
    }
    return null;
  }

  /** Thrown as a WebApplicationException, which JAX-RS passes on instead of turning it into a 404. */
  private static BadRequestException invalid(String name, String detail, List<String> allowed) {
    return new BadRequestException(ApiProblem.invalidParameter(name, detail, allowed));
  }

  private record EnumConverter<E extends Enum<E>>(String name, Class<E> type) implements ParamConverter<E> {
    @Override
    public E fromString(String value) {
      if (value == null) {
        return null;
      }
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
          return constant;
        }
      }
      List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
      throw invalid(name, name + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'", allowed);
    }

    @Override
    public String toString(E value) {
      return value == null ? null : value.name();
    }
  }

  private record NumberConverter<N extends Number>(String name,
      Function<String, N> parse) implements ParamConverter<N> {
    @Override
    public N fromString(String value) {
      if (value == null) {
        return null;
      }
      try {
        return parse.apply(value.strip());
      } catch (NumberFormatException e) {
        throw invalid(name, name + " must be an integer, not '" + value + "'", null);
      }
    }

    @Override
    public String toString(N value) {
      return value == null ? null : value.toString();
    }
  }
}
