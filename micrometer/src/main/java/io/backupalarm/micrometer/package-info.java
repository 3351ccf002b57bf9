/**
 * Micrometer meters for the alarm engine: {@link io.backupalarm.micrometer.BackupAlarmMetrics}
 * counts what the engine does (as an {@link io.backupalarm.lifecycle.AlarmListener}), times each
 * send, and reads open alarms, the outbox and the engine's health into gauges once per refresh
 * interval. The meters are listed in the project's docs/operations.md, "Metrics".
 */
package io.backupalarm.micrometer;
