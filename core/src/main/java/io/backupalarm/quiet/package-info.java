/**
 * Keeping quiet when it should: silences that hold alarms back for a while, the acknowledgement
 * of a firing alarm, and test notifications. Maintenance windows, the recurring silences, are
 * part of the configuration ({@link io.backupalarm.config.MaintenanceWindow}).
 */
package io.backupalarm.quiet;
