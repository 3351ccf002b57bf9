/**
 * Text that came from outside (inputs, provider answers, exception messages) made safe to print
 * in an error message or a log line: control characters escaped, so one message stays one line
 * and nobody can forge a log line with a CR/LF.
 */
package io.backupalarm.text;
