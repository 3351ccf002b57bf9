/**
 * The signed webhook channel ({@code webhook}): each message is posted as a versioned JSON
 * document to the contact's https URL, signed as the Standard Webhooks specification says
 * ({@link io.backupalarm.channels.webhook.WebhookSignature}), with the message's idempotency key
 * as {@code webhook-id} so that a receiver drops duplicates. Create it with
 * {@link io.backupalarm.channels.webhook.WebhookChannel#of(WebhookSettings)} or let
 * {@link io.backupalarm.channels.webhook.WebhookChannelProvider} do so from plain settings.
 */
package io.backupalarm.channels.webhook;
