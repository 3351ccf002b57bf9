/**
 * A channel of one's own: {@link io.backupalarm.examples.chat.ChatWebhookChannel} posts each
 * message as JSON to a chat tool's incoming webhook over {@code java.net.http}, turns the answer
 * into a delivery result and passes the idempotency key on. The test plays the chat tool on
 * loopback and runs the testkit's channel contract.
 */
package io.backupalarm.examples.chat;
