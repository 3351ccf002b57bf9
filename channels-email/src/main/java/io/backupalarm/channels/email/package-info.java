/**
 * The email channel: sends alarms and verification codes as multipart (plain text and HTML),
 * UTF-8 email over SMTP, through Jakarta Mail and Eclipse Angus Mail. A host configures
 * {@link io.backupalarm.channels.email.EmailSettings} and creates an
 * {@link io.backupalarm.channels.email.EmailChannel}, or lets
 * {@link io.backupalarm.channels.email.EmailChannelProvider} build one from plain settings
 * through {@link java.util.ServiceLoader}. Types here are the module's public API.
 */
package io.backupalarm.channels.email;
