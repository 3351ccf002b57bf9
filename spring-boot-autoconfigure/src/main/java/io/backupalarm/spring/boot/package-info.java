/**
 * Spring Boot auto-configuration of backup-alarm: {@link io.backupalarm.spring.boot.BackupAlarmProperties}
 * ({@code backup-alarm.*}), the stores, the engine, the channels, verification, the lifecycle, and
 * the Actuator health indicator and info contribution. Every bean is built only when the
 * application has none of its type.
 */
package io.backupalarm.spring.boot;
