package io.postfleet.queuemanager.bulk;

import java.util.List;

/**
 * What an import did, or with {@code dryRun} would do: the keys it creates and changes, and how many
 * entries already matched. Nothing is ever deleted by an import.
 */
public record ImportReport(TableFormat format, boolean dryRun, List<String> created, List<String> updated,
    int unchanged) {}
