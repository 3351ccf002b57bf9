package io.backupalarm.channels.sms;

/**
 * Supplies the credentials of the Alibaba Cloud SMS gateway, for hosts whose credentials rotate:
 * STS tokens from {@code AssumeRole}, an ECS RAM role, OIDC role federation, or a vault. Set with
 * {@link AliyunSmsSettings.Builder#credentialsProvider(String, AliyunCredentialsProvider)}.
 *
 * <p>The gateway calls {@link #credentials()} once for every message it sends, from the
 * delivering thread, so credentials the provider rotates take effect on the next send; a provider
 * that fetches from the network should cache and refresh before the expiry itself. When the call
 * throws, returns null or returns credentials already expired by the gateway's clock, the send is
 * a temporary failure that names the provider (the outbox retries it), and nothing is sent.
 *
 * <p>Implementations must be thread-safe (several deliveries may ask at once) and must never log
 * the secrets they return; exceptions they throw should not quote a secret either.
 */
@FunctionalInterface
public interface AliyunCredentialsProvider {

    /**
     * The credentials to sign the next request with.
     *
     * @return the credentials, never null
     * @throws Exception if none can be had now; the send is then a temporary failure
     */
    AliyunCredentials credentials() throws Exception;
}
