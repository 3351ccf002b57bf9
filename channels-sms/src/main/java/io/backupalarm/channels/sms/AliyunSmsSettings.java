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

    private final String accessKeyId;
    private final String accessKeySecret;
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
     * The AccessKey id ({@code AccessKeyId}).
     *
     * @return the id
     */
    public String accessKeyId() {
        return accessKeyId;
    }

    /**
     * The AccessKey secret; used only to sign, never logged.
     *
     * @return the secret
     */
    public String accessKeySecret() {
        return accessKeySecret;
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
        return "AliyunSmsSettings[accessKeyId=" + accessKeyId + ", accessKeySecret=***, signName=" + signName
                + ", templateCode=" + defaultTemplateCode + ", templateCodes=" + templateCodes
                + ", regionId=" + regionId + ", endpoint=" + endpoint + ", connectTimeout=" + transport.connectTimeout()
                + ", requestTimeout=" + transport.requestTimeout() + ", timeoutPolicy=" + transport.timeoutPolicy()
                + ", signatureVersion=" + signatureVersion + "]";
    }

    /** Builds {@link AliyunSmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private String accessKeyId;
        private String accessKeySecret;
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
         * Sets the AccessKey id. Required.
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
         * Sets the AccessKey secret. Required.
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
         * @throws IllegalArgumentException if accessKeyId, accessKeySecret, signName or every
         *         template code is missing
         */
        public AliyunSmsSettings build() {
            Checks.required("accessKeyId", accessKeyId, "aliyun");
            Checks.required("accessKeySecret", accessKeySecret, "aliyun");
            Checks.required("signName", signName, "aliyun");
            if (defaultTemplateCode == null && templateCodes.isEmpty()) {
                throw new IllegalArgumentException("templateCode is required for the aliyun gateway "
                        + "(a default one, or one per kind of message)");
            }
            return new AliyunSmsSettings(this);
        }
    }
}
