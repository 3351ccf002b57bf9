package io.backupalarm.channels.sms;

import io.backupalarm.spi.OutboundMessage;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Settings of the Alibaba Cloud SMS gateway (Dysmsapi {@code SendSms}, API version
 * 2017-05-25), created with {@link SmsGateways#aliyun(AliyunSmsSettings)}.
 *
 * <pre>{@code
 * AliyunSmsSettings settings = AliyunSmsSettings.custom()
 *         .accessKeyId("LTAI...").accessKeySecret(secret)
 *         .signName("BackupAlarm")
 *         .templateCode("SMS_153055065")                                  // alarms
 *         .templateCode(OutboundMessage.Kind.VERIFICATION_CODE, "SMS_153055066")
 *         .build();
 * }</pre>
 *
 * <p>The request is signed with a fixed AccessKey pair, a fixed STS token (the AccessKey pair
 * and {@link Builder#securityToken(String) securityToken} that STS issued together), or the
 * credentials a {@link Builder#credentialsProvider(String, AliyunCredentialsProvider) provider}
 * returns for every send, so that rotated credentials take effect at once:
 *
 * <pre>{@code
 * AliyunSmsSettings settings = AliyunSmsSettings.custom()
 *         .credentialsProvider("ram-role", () -> stsCache.current())     // AliyunCredentials.sts(..)
 *         .signName("BackupAlarm").templateCode("SMS_153055065")
 *         .build();
 * }</pre>
 *
 * <p>Alibaba sends only pre-approved templates: the gateway sends the template code for the
 * message's kind and the message's {@link OutboundMessage#data() data} as {@code TemplateParam};
 * the text rendered by the engine is not sent.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the secret. The
 * {@link Builder} is not thread-safe.
 */
public final class AliyunSmsSettings {

    /** The default endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/";
    /** The default region id. */
    public static final String DEFAULT_REGION_ID = "cn-hangzhou";
    /** The {@link #credentialsName()} of a fixed AccessKey pair. */
    public static final String FIXED_ACCESS_KEY = "fixed AccessKey";
    /** The {@link #credentialsName()} of a fixed STS token. */
    public static final String FIXED_STS_TOKEN = "fixed STS token";

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;
    private final String credentialsName;
    private final AliyunCredentialsProvider credentialsProvider;
    private final String signName;
    private final String defaultTemplateCode;
    private final Map<OutboundMessage.Kind, String> templateCodes;
    private final String regionId;
    private final URI endpoint;
    private final HttpTransport transport;
    private final Supplier<String> nonces;
    private final AliyunSignatureVersion signatureVersion;

    private AliyunSmsSettings(Builder b) {
        this.accessKeyId = b.accessKeyId;
        this.accessKeySecret = b.accessKeySecret;
        this.securityToken = b.securityToken;
        if (b.credentialsProvider != null) {
            this.credentialsName = b.credentialsName;
            this.credentialsProvider = b.credentialsProvider;
        } else {
            AliyunCredentials fixed = new AliyunCredentials(accessKeyId, accessKeySecret,
                    Optional.ofNullable(securityToken), Optional.empty());
            this.credentialsName = securityToken == null ? FIXED_ACCESS_KEY : FIXED_STS_TOKEN;
            this.credentialsProvider = () -> fixed;
        }
        this.signName = b.signName;
        this.defaultTemplateCode = b.defaultTemplateCode;
        this.templateCodes = Collections.unmodifiableMap(new EnumMap<>(b.templateCodes));
        this.regionId = b.regionId;
        this.endpoint = b.endpoint;
        this.transport = b.transport;
        this.nonces = b.nonces;
        this.signatureVersion = b.signatureVersion;
    }

    /**
     * A builder with the defaults; the credentials, the sign name and a template code must be set.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A builder starting from existing settings.
     *
     * @param existing the settings to copy
     * @return a new builder
     */
    public static Builder from(AliyunSmsSettings existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.accessKeyId = existing.accessKeyId;
        b.accessKeySecret = existing.accessKeySecret;
        b.securityToken = existing.securityToken;
        if (existing.accessKeyId == null) {
            b.credentialsName = existing.credentialsName;
            b.credentialsProvider = existing.credentialsProvider;
        }
        b.signName = existing.signName;
        b.defaultTemplateCode = existing.defaultTemplateCode;
        b.templateCodes.putAll(existing.templateCodes);
        b.regionId = existing.regionId;
        b.endpoint = existing.endpoint;
        b.transport = existing.transport;
        b.nonces = existing.nonces;
        b.signatureVersion = existing.signatureVersion;
        return b;
    }

    /**
     * The fixed AccessKey id ({@code AccessKeyId}).
     *
     * @return the id, or empty when a credentials provider supplies the credentials
     */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /**
     * The fixed AccessKey secret; used only to sign, never logged.
     *
     * @return the secret, or empty when a credentials provider supplies the credentials
     */
    public Optional<String> accessKeySecret() {
        return Optional.ofNullable(accessKeySecret);
    }

    /**
     * The fixed STS security token; used only in the signed request, never logged.
     *
     * @return the token, or empty for a long-term AccessKey pair or a credentials provider
     */
    public Optional<String> securityToken() {
        return Optional.ofNullable(securityToken);
    }

    /**
     * Where the credentials come from, as failure reasons name it: {@value #FIXED_ACCESS_KEY},
     * {@value #FIXED_STS_TOKEN}, or the name the host gave its provider.
     *
     * @return the name
     */
    public String credentialsName() {
        return credentialsName;
    }

    /**
     * The source of the credentials, asked on every send: the host's provider, or one that always
     * returns the fixed credentials.
     *
     * @return the provider
     */
    public AliyunCredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    /**
     * The approved sign name ({@code SignName}); the provider shows it as 【name】.
     *
     * @return the sign name
     */
    public String signName() {
        return signName;
    }

    /**
     * The template code ({@code TemplateCode}) for a kind of message: the one set for the kind,
     * else the default one.
     *
     * @param kind the kind of message
     * @return the template code, or empty if none is set for the kind
     */
    public Optional<String> templateCode(OutboundMessage.Kind kind) {
        return Optional.ofNullable(templateCodes.getOrDefault(kind, defaultTemplateCode));
    }

    /**
     * The region id ({@code RegionId}).
     *
     * @return the region id
     */
    public String regionId() {
        return regionId;
    }

    /**
     * The endpoint requests are posted to.
     *
     * @return the endpoint URI
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The HTTP transport: timeouts (Alibaba suggests a request timeout of at least 1 second),
     * what an unanswered request reports ({@code SendSms} is not idempotent, so a retry may send
     * the text twice), and the clock for the {@code Timestamp} parameter.
     *
     * @return the transport settings
     */
    public HttpTransport transport() {
        return transport;
    }

    /**
     * The source of {@code SignatureNonce} values, unique per request.
     *
     * @return the nonce supplier
     */
    public Supplier<String> nonces() {
        return nonces;
    }

    /**
     * The request signature used.
     *
     * @return the signature version
     */
    public AliyunSignatureVersion signatureVersion() {
        return signatureVersion;
    }

    @Override
    public String toString() {
        String credentials = accessKeyId == null ? "credentialsProvider=" + credentialsName
                : "accessKeyId=" + accessKeyId + ", accessKeySecret=***" + (securityToken == null ? ""
                        : ", securityToken=***");
        return "AliyunSmsSettings[" + credentials + ", signName=" + signName
                + ", templateCode=" + defaultTemplateCode + ", templateCodes=" + templateCodes
                + ", regionId=" + regionId + ", endpoint=" + endpoint + ", connectTimeout=" + transport.connectTimeout()
                + ", requestTimeout=" + transport.requestTimeout() + ", timeoutPolicy=" + transport.timeoutPolicy()
                + ", signatureVersion=" + signatureVersion + "]";
    }

    /** Builds {@link AliyunSmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private String accessKeyId;
        private String accessKeySecret;
        private String securityToken;
        private String credentialsName;
        private AliyunCredentialsProvider credentialsProvider;
        private String signName;
        private String defaultTemplateCode;
        private final Map<OutboundMessage.Kind, String> templateCodes = new EnumMap<>(OutboundMessage.Kind.class);
        private String regionId = DEFAULT_REGION_ID;
        private URI endpoint = URI.create(DEFAULT_ENDPOINT);
        private HttpTransport transport = HttpTransport.ofDefaults();
        private Supplier<String> nonces = () -> UUID.randomUUID().toString();
        private AliyunSignatureVersion signatureVersion = AliyunSignatureVersion.RPC_V1_HMAC_SHA1;

        private Builder() {
        }

        /**
         * Sets the AccessKey id. Required, unless a credentials provider is set.
         *
         * @param accessKeyId printable ASCII without spaces
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII
         */
        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = Checks.token("accessKeyId", accessKeyId);
            return this;
        }

        /**
         * Sets the AccessKey secret. Required, unless a credentials provider is set.
         *
         * @param accessKeySecret printable ASCII without spaces
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII (the message never
         *         shows the value)
         */
        public Builder accessKeySecret(String accessKeySecret) {
            this.accessKeySecret = Checks.secret("accessKeySecret", accessKeySecret, 1);
            return this;
        }

        /**
         * Sets the STS security token that was issued with the AccessKey pair set by
         * {@link #accessKeyId(String)} and {@link #accessKeySecret(String)}. The gateway then sends
         * it with every request, signed ({@code SecurityToken} with the RPC signature,
         * {@code x-acs-security-token} with ACS3). A fixed token expires with its credentials; a
         * host whose tokens rotate sets a {@link #credentialsProvider(String, AliyunCredentialsProvider)}
         * instead.
         *
         * @param securityToken printable ASCII without spaces
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII (the message never
         *         shows the value)
         */
        public Builder securityToken(String securityToken) {
            this.securityToken = Checks.secret("securityToken", securityToken, 1);
            return this;
        }

        /**
         * Sets the host's source of credentials, asked on every send, in place of a fixed AccessKey
         * pair (and token). A failure of the provider is a temporary failure of the send whose
         * reason names the provider.
         *
         * @param name the provider's name in failure reasons and logs, such as {@code ram-role};
         *        1 to 64 characters without control characters
         * @param provider the provider
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, too long or with control
         *         characters, or the provider is null
         */
        public Builder credentialsProvider(String name, AliyunCredentialsProvider provider) {
            this.credentialsName = Checks.text("credentialsProvider name", name, 64);
            this.credentialsProvider = Checks.notNull("credentialsProvider", provider);
            return this;
        }

        /**
         * Sets the sign name, as approved at the provider. Required.
         *
         * @param signName 1 to 100 characters without control characters
         * @return this builder
         * @throws IllegalArgumentException if blank, too long or with control characters
         */
        public Builder signName(String signName) {
            this.signName = Checks.text("signName", signName, 100);
            return this;
        }

        /**
         * Sets the template code used for every kind of message without its own.
         *
         * @param templateCode a code such as {@code SMS_153055065}
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII
         */
        public Builder templateCode(String templateCode) {
            this.defaultTemplateCode = Checks.token("templateCode", templateCode);
            return this;
        }

        /**
         * Sets the template code for one kind of message.
         *
         * @param kind the kind of message
         * @param templateCode a code such as {@code SMS_153055065}
         * @return this builder
         * @throws IllegalArgumentException if the kind is null, or the code blank or not printable ASCII
         */
        public Builder templateCode(OutboundMessage.Kind kind, String templateCode) {
            Checks.notNull("templateCode kind", kind);
            templateCodes.put(kind, Checks.token("templateCode." + kind, templateCode));
            return this;
        }

        /**
         * Sets the region id. Default {@value AliyunSmsSettings#DEFAULT_REGION_ID}.
         *
         * @param regionId such as {@code cn-hangzhou}
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII
         */
        public Builder regionId(String regionId) {
            this.regionId = Checks.token("regionId", regionId);
            return this;
        }

        /**
         * Sets the endpoint. Default {@value AliyunSmsSettings#DEFAULT_ENDPOINT}.
         *
         * @param endpoint an absolute http or https URI
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http or https URI with a host
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Checks.httpUri("endpoint", endpoint);
            return this;
        }

        /**
         * Sets the HTTP transport: timeouts, timeout policy and clock. Default
         * {@link HttpTransport#ofDefaults()}.
         *
         * @param transport the transport settings
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder transport(HttpTransport transport) {
            this.transport = Checks.notNull("transport", transport);
            return this;
        }

        /**
         * Sets the source of signature nonces (for tests). Default random UUIDs.
         *
         * @param nonces a supplier of values unique per request
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder nonces(Supplier<String> nonces) {
            this.nonces = Checks.notNull("nonces", nonces);
            return this;
        }

        /**
         * Sets the request signature. Default {@link AliyunSignatureVersion#RPC_V1_HMAC_SHA1}.
         *
         * @param signatureVersion the signature version
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder signatureVersion(AliyunSignatureVersion signatureVersion) {
            this.signatureVersion = Checks.notNull("signatureVersion", signatureVersion);
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if the credentials (accessKeyId and accessKeySecret, or a
         *         credentialsProvider), signName or every template code is missing, or a
         *         credentialsProvider is set together with fixed credentials
         */
        public AliyunSmsSettings build() {
            if (credentialsProvider != null) {
                if (accessKeyId != null || accessKeySecret != null || securityToken != null) {
                    throw new IllegalArgumentException("credentialsProvider and fixed credentials (accessKeyId, "
                            + "accessKeySecret, securityToken) exclude each other for the aliyun gateway");
                }
            } else {
                if (accessKeyId == null && accessKeySecret == null && securityToken == null) {
                    throw new IllegalArgumentException("accessKeyId and accessKeySecret, or a credentialsProvider, "
                            + "are required for the aliyun gateway");
                }
                Checks.required("accessKeyId", accessKeyId, "aliyun");
                Checks.required("accessKeySecret", accessKeySecret, "aliyun");
            }
            Checks.required("signName", signName, "aliyun");
            if (defaultTemplateCode == null && templateCodes.isEmpty()) {
                throw new IllegalArgumentException("templateCode is required for the aliyun gateway "
                        + "(a default one, or one per kind of message)");
            }
            return new AliyunSmsSettings(this);
        }
    }
}
