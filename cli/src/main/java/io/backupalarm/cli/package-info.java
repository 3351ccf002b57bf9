/**
 * The command-line tool, {@code java -jar backup-alarm.jar <command>}: {@code validate} checks a
 * configuration or scenario file, {@code explain} tells who would receive an alarm for an
 * instance and why, {@code simulate} replays a scenario through the engine.
 * {@link io.backupalarm.cli.BackupAlarmCli} is the top command and the entry point
 * ({@link io.backupalarm.cli.BackupAlarmCli#run BackupAlarmCli.run} runs it in-process);
 * {@link io.backupalarm.cli.ExitCodes} lists the exit statuses. The reference is docs/cli.md.
 */
package io.backupalarm.cli;
