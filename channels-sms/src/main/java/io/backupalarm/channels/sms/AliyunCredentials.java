package io.backupalarm.channels.sms;

import java.time.Instant;
import java.util.Optional;

/**
 * Credentials that sign one Alibaba Cloud request: an AccessKey pair, and for temporary
 * credentials from Security Token Service (STS) the security token and, if known, when they
 * expire. An {@link AliyunCredentialsProvider} returns them; the gateway asks for them on every
 * send.
 *
 * <p>The compact constructor rejects a blank or non-printable id, secret or token; messages never
 * show the secret or the token, and neither does {@link #toString()}.
 *
 * @param accessKeyId the AccessKey id ({@code AccessKeyId}; an STS one starts with {@code STS.})
 * @param accessKeySecret the AccessKey secret; used only to sign
 * @param securityToken the STS security token, empty for a long-term AccessKey pair
 * @param expiration when temporary credentials expire, if known; the gateway does not send with
 *        credentials past it
 */
public record AliyunCredentials(String accessKeyId, String accessKeySecret, Optional<String> securityToken,
        Optional<Instant> expiration) {

    /**
     * Validates the credentials.
     *
     * @throws IllegalArgumentException if the id, the secret or the token is blank or not printable
     *         ASCII without spaces, or an optional is null
     */
    public AliyunCredentials {
        Checks.token("accessKeyId", accessKeyId);
        Checks.secret("accessKeySecret", accessKeySecret, 1);
        Checks.notNull("securityToken", securityToken);
        Checks.notNull("expiration", expiration);
        securityToken.ifPresent(token -> Checks.secret("securityToken", token, 1));
    }

    /**
     * A long-term AccessKey pair: no token, no expiry.
     *
     * @param accessKeyId the AccessKey id
     * @param accessKeySecret the AccessKey secret
     * @return the credentials
     * @throws IllegalArgumentException if either is blank or not printable ASCII without spaces
     */
    public static AliyunCredentials accessKey(String accessKeyId, String accessKeySecret) {
        return new AliyunCredentials(accessKeyId, accessKeySecret, Optional.empty(), Optional.empty());
    }

    /**
     * Temporary credentials from STS ({@code AssumeRole} and the like answer with exactly these
     * fields: {@code AccessKeyId}, {@code AccessKeySecret}, {@code SecurityToken},
     * {@code Expiration}).
     *
     * @param accessKeyId the temporary AccessKey id
     * @param accessKeySecret the temporary AccessKey secret
     * @param securityToken the security token
     * @param expiration when they expire, or {@code null} if not known
     * @return the credentials
     * @throws IllegalArgumentException if the id, the secret or the token is blank or not printable
     *         ASCII without spaces
     */
    public static AliyunCredentials sts(String accessKeyId, String accessKeySecret, String securityToken,
            Instant expiration) {
        Checks.notNull("securityToken", securityToken);
        return new AliyunCredentials(accessKeyId, accessKeySecret, Optional.of(securityToken),
                Optional.ofNullable(expiration));
    }

    /**
     * Whether the credentials have expired at an instant: their expiration is known and not after it.
     *
     * @param now the instant
     * @return true if expired
     */
    public boolean expiredAt(Instant now) {
        return expiration.map(end -> !end.isAfter(now)).orElse(false);
    }

    /**
     * The id, whether there is a token, and the expiration; never the secret or the token.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "AliyunCredentials[accessKeyId=" + accessKeyId + ", accessKeySecret=***, securityToken="
                + (securityToken.isPresent() ? "***" : "none") + ", expiration="
                + expiration.map(Instant::toString).orElse("none") + "]";
    }
}
