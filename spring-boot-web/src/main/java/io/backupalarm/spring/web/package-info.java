/**
 * The administration HTTP API of backup-alarm for Spring MVC applications, and the web console's
 * static files: contacts and their verification, contact groups, vault and instance alarm
 * policies, open alarms, silences, test notifications, history and dead letters, under
 * {@code backup-alarm.web.base-path} (default {@code /backup-alarm}). Enabled by
 * {@code backup-alarm.web.enabled=true}; the host supplies an {@link io.backupalarm.spring.web.AccountAccess}
 * bean and its own authentication.
 */
package io.backupalarm.spring.web;
