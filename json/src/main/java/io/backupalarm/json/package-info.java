/**
 * Configuration files and scenario files in JSON, read strictly and written back: the format of
 * the command-line tool (docs/cli.md). {@link io.backupalarm.json.ConfigurationFiles} reads a
 * file into a core {@link io.backupalarm.config.Configuration} and writes one back;
 * {@link io.backupalarm.json.ScenarioFiles} reads a timeline of events into a
 * {@link io.backupalarm.json.Scenario}; {@link io.backupalarm.json.InputFiles} reads either and
 * tells them apart. Every invalid input is reported as one
 * {@link io.backupalarm.json.InvalidFileException} listing every problem with its JSON location
 * ({@code $.vaults[0].alarmPolicy.mode}) or, for malformed JSON, its line and column. Input is
 * bounded (16 MiB, 32 levels of nesting, 2,000,000 tokens; instants from 1970 to 9999; the
 * settings' bounds of {@link io.backupalarm.lifecycle.AlarmSettings}; a maintenance window of at
 * most seven days), and values echoed in
 * messages are escaped, so a problem is always one line. {@link io.backupalarm.json.Suggestions}
 * finds the id an unknown one is a likely typo of.
 */
package io.backupalarm.json;
