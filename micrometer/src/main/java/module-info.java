/**
 * Micrometer meters for the alarm engine ({@link io.backupalarm.micrometer.BackupAlarmMetrics}).
 */
module io.backupalarm.micrometer {
    requires transitive io.backupalarm.core;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports io.backupalarm.micrometer;
}
