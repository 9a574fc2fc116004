package io.postfleet.queuemanager.admin;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: {@code ?page=} (from 0) and {@code ?size=} (1 to 500, default 100), with the
 * total so that a client knows when it has seen everything.
 */
public record Page<T>(List<T> items, int page, int size, long total) {
  public static final int DEFAULT_SIZE = 100;
  public static final int MAX_SIZE = 500;

  /**
   * The LIKE pattern of a {@code ?q=} filter: keys containing it, case folded as keys are stored;
   * LIKE's own wildcards in it match themselves.
   */
  public static String containing(String q) {
    String text = q == null ? "" : q.toLowerCase(java.util.Locale.ROOT);
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** {@code ?page=}: 0 when absent. */
  public static int number(Integer page) {
    if (page != null && page < 0) {
      throw ApiProblem.invalidParameter("page", "page must be 0 or more", null);
    }
    return page == null ? 0 : page;
  }

  /** {@code ?size=}: {@link #DEFAULT_SIZE} when absent. */
  public static int size(Integer size) {
    if (size != null && (size < 1 || size > MAX_SIZE)) {
      throw ApiProblem.invalidParameter("size", "size must be between 1 and " + MAX_SIZE, null);
    }
    return size == null ? DEFAULT_SIZE : size;
  }

  public static <E, T> Page<T> of(PanacheQuery<E> query, Integer page, Integer size, Function<E, T> toDto) {
    int p = number(page);
    int s = size(size);
    List<T> items = query.page(io.quarkus.panache.common.Page.of(p, s)).<E>list().stream().map(toDto).toList();
    return new Page<>(items, p, s, query.count());
  }
}
