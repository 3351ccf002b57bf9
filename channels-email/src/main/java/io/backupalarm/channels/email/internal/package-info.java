/**
 * The email channel's implementation: composing MIME messages, HTML escaping, validating
 * recipient addresses, pooling SMTP connections and classifying failures. Not part of the
 * public API; anything here may change in any release.
 */
package io.backupalarm.channels.email.internal;
