package io.postfleet.deploy;

/**
 * One property a {@code @ConfigMapping} interface declares.
 *
 * @param name the full property name, e.g. {@code postfleet.smtp.trusted-networks}
 * @param defaultValue its {@code @WithDefault}, or null
 * @param optional whether its type is {@code Optional}, so it may stay unset
 */
record ConfigKey(String name, String defaultValue, boolean optional) {
  boolean hasDefault() {
    return defaultValue != null;
  }
}
