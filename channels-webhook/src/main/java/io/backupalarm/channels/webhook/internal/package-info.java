/**
 * What the webhook and Slack channels share and no host needs: reading an address, sending it
 * to an origin override, showing it without what may be a credential, JSON, and checks of
 * setting values. Not exported.
 */
package io.backupalarm.channels.webhook.internal;
