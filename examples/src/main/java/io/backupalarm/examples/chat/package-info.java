/**
 * A channel of one's own: {@link io.backupalarm.examples.chat.ChatWebhookChannel} posts each
 * message as JSON to a chat tool's incoming webhook over {@code java.net.http}, turns the answer
 * into a delivery result and passes the idempotency key on. Installed in the engine as
 * {@code chat}, it is reached by policies through a contact's further address (a room such as
 * {@code #ops}), with the outbox's retries and dead letters. The tests play the chat tool on
 * loopback, run the testkit's channel contract and drive an engine whose policy names the room.
 */
package io.backupalarm.examples.chat;
