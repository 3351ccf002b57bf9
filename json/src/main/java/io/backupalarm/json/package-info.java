/**
 * Configuration files and scenario files in JSON, read strictly and written back: the format of
 * the command-line tool (docs/cli.md). {@link io.backupalarm.json.ConfigurationFiles} reads a
 * file into a core {@link io.backupalarm.config.Configuration} and writes one back;
 * {@link io.backupalarm.json.ScenarioFiles} reads a timeline of events into a
 * {@link io.backupalarm.json.Scenario}; {@link io.backupalarm.json.InputFiles} reads either and
 * tells them apart. Every invalid input is reported as one
 * {@link io.backupalarm.json.InvalidFileException} listing every problem with its JSON location
 * ({@code $.vaults[0].alarmPolicy.mode}) or, for malformed JSON, its line and column.
 */
package io.backupalarm.json;
