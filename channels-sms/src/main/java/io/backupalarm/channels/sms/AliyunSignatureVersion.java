package io.backupalarm.channels.sms;

/**
 * Which of Alibaba Cloud's documented request signatures the Alibaba gateway uses. Both are
 * HMAC signatures over a canonical form of the request; both are checked in the tests against
 * Alibaba's published worked examples. Thread-safe (an enum).
 */
public enum AliyunSignatureVersion {

    /**
     * The RPC signature V1.0, HMAC-SHA1 ({@code SignatureMethod=HMAC-SHA1},
     * {@code SignatureVersion=1.0}): every parameter, the signature included, in a form body.
     * The default: the form Dysmsapi's own SDKs and most integrations have long used.
     */
    RPC_V1_HMAC_SHA1,

    /**
     * The V3 signature {@code ACS3-HMAC-SHA256}: the action, version, date and nonce in
     * {@code x-acs-*} headers, the API parameters in a form body whose SHA-256 is signed, and an
     * {@code Authorization} header. Alibaba's current recommendation.
     */
    ACS3_HMAC_SHA256
}
