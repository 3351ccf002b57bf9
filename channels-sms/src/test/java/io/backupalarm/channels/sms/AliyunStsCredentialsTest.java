package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("The Alibaba Cloud gateway with temporary (STS) credentials")
final class AliyunStsCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final String STS_ID = "STS.NUgYrLnoC37mZZCNnAbez1";
    private static final String STS_SECRET = "sts-secret-one-do-not-leak";
    private static final String STS_TOKEN = "CAIS+token/one==do-not-leak";
    private static final String STS_ID_2 = "STS.NTgYrLnoC37mZZCNnAbez2";
    private static final String STS_SECRET_2 = "sts-secret-two-do-not-leak";
    private static final String STS_TOKEN_2 = "CAIS+token/two==do-not-leak";

    private FakeAliyun aliyun;

    @BeforeEach
    void start() throws Exception {
        aliyun = new FakeAliyun();
        aliyun.acceptSts(STS_ID, STS_SECRET, STS_TOKEN);
        aliyun.acceptSts(STS_ID_2, STS_SECRET_2, STS_TOKEN_2);
    }

    @AfterEach
    void stop() {
        aliyun.close();
    }

    private AliyunSmsSettings.Builder base(AliyunSignatureVersion version) {
        AtomicInteger nonce = new AtomicInteger();
        return AliyunSmsSettings.custom()
                .signName("BackupAlarm")
                .templateCode("SMS_100000001")
                .endpoint(aliyun.endpoint())
                .signatureVersion(version)
                .transport(HttpTransport.custom().clock(CLOCK).build())
                .nonces(() -> "nonce-" + nonce.incrementAndGet());
    }

    private AliyunSmsSettings.Builder fixedSts(AliyunSignatureVersion version) {
        return base(version).accessKeyId(STS_ID).accessKeySecret(STS_SECRET).securityToken(STS_TOKEN);
    }

    private static SmsRequest firing(String key) {
        return new SmsRequest(key, "+8613800138000", "Backup client i-web1 disconnected", OutboundMessage.Kind.FIRING,
                Locale.CHINA, Map.of(OutboundMessage.DataKeys.INSTANCE, "i-web1"));
    }

    /** Sends a received request again with its security token changed, as a man in the middle would. */
    private HttpResponse<String> replayWithToken(LoopbackServer.Received original, String token) throws Exception {
        HttpRequest.Builder replay = HttpRequest.newBuilder(URI.create(aliyun.endpoint()));
        String body = original.bodyText();
        for (Map.Entry<String, List<String>> header : original.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-acs-") || name.equals("authorization") || name.equals("content-type")) {
                replay.header(header.getKey(), name.equals("x-acs-security-token") ? token : header.getValue().get(0));
            }
        }
        if (original.header("Authorization") == null) {
            body = body.replace("SecurityToken=" + pe(STS_TOKEN), "SecurityToken=" + pe(token));
            assertThat(body).contains(pe(token));
        }
        return HttpClient.newHttpClient().send(replay.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String pe(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A").replace("%7E", "~");
    }

    @Test
    @DisplayName("RPC: the token is the SecurityToken parameter, signed with the others; changed afterwards, the signature fails")
    void rpcCarriesTheSignedToken() throws Exception {
        DeliveryResult result = SmsGateways.aliyun(fixedSts(AliyunSignatureVersion.RPC_V1_HMAC_SHA1).build())
                .send(firing("key-1"));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        LoopbackServer.Received request = aliyun.server.only();
        assertThat(request.form()).containsEntry("AccessKeyId", STS_ID).containsEntry("SecurityToken", STS_TOKEN);
        assertThat(request.header("x-acs-security-token")).isNull();
        assertThat(aliyun.acceptedKeyIds()).containsExactly(STS_ID);

        HttpResponse<String> tampered = replayWithToken(request, STS_TOKEN_2);
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("SignatureDoesNotMatch");
        assertThat(aliyun.acceptedKeyIds()).containsExactly(STS_ID);
    }

    @Test
    @DisplayName("ACS3: the token is the x-acs-security-token header, among the signed headers; changed afterwards, the signature fails")
    void acs3CarriesTheSignedToken() throws Exception {
        DeliveryResult result = SmsGateways.aliyun(fixedSts(AliyunSignatureVersion.ACS3_HMAC_SHA256).build())
                .send(firing("key-1"));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        LoopbackServer.Received request = aliyun.server.only();
        assertThat(request.header("x-acs-security-token")).isEqualTo(STS_TOKEN);
        assertThat(request.header("x-acs-accesskey-id")).isEqualTo(STS_ID);
        assertThat(request.header("Authorization")).startsWith("ACS3-HMAC-SHA256 Credential=" + STS_ID
                + ",SignedHeaders=content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;"
                + "x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=");
        assertThat(request.form()).doesNotContainKey("SecurityToken");

        HttpResponse<String> tampered = replayWithToken(request, STS_TOKEN_2);
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("SignatureDoesNotMatch");
        assertThat(aliyun.acceptedKeyIds()).containsExactly(STS_ID);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AliyunSignatureVersion.class)
    @DisplayName("STS credentials sent without their token are refused by the provider (the fake requires it)")
    void withoutTheToken(AliyunSignatureVersion version) {
        DeliveryResult result = SmsGateways.aliyun(base(version).accessKeyId(STS_ID).accessKeySecret(STS_SECRET)
                .build()).send(firing("key-1"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("MissingSecurityToken")
                .doesNotContain(STS_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AliyunSignatureVersion.class)
    @DisplayName("a token that is not the one of the AccessKey is refused, and the reason shows neither the token nor the secret")
    void wrongToken(AliyunSignatureVersion version) {
        DeliveryResult result = SmsGateways.aliyun(base(version).accessKeyId(STS_ID).accessKeySecret(STS_SECRET)
                .securityToken(STS_TOKEN_2).build()).send(firing("key-1"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason())
                .contains("InvalidSecurityToken.MismatchWithAccessKey")
                .doesNotContain(STS_TOKEN, STS_TOKEN_2, STS_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AliyunSignatureVersion.class)
    @DisplayName("asks the provider on every send, so credentials rotated between two sends sign the second one")
    void rotation(AliyunSignatureVersion version) {
        Deque<AliyunCredentials> issued = new ArrayDeque<>(List.of(
                AliyunCredentials.sts(STS_ID, STS_SECRET, STS_TOKEN, NOW.plusSeconds(3600)),
                AliyunCredentials.sts(STS_ID_2, STS_SECRET_2, STS_TOKEN_2, NOW.plusSeconds(7200))));
        AliyunCredentials[] current = {issued.pop()};
        AtomicInteger asked = new AtomicInteger();
        SmsGateway gateway = SmsGateways.aliyun(base(version).credentialsProvider("ram-role", () -> {
            asked.incrementAndGet();
            return current[0];
        }).build());

        assertThat(gateway.send(firing("key-1"))).isInstanceOf(DeliveryResult.Delivered.class);
        current[0] = issued.pop();
        assertThat(gateway.send(firing("key-2"))).isInstanceOf(DeliveryResult.Delivered.class);

        assertThat(asked).hasValue(2);
        assertThat(aliyun.acceptedKeyIds()).containsExactly(STS_ID, STS_ID_2);
        LoopbackServer.Received second = aliyun.server.received().get(1);
        assertThat(version == AliyunSignatureVersion.ACS3_HMAC_SHA256 ? second.header("x-acs-security-token")
                : second.form().get("SecurityToken")).isEqualTo(STS_TOKEN_2);
    }

    @Test
    @DisplayName("a provider of a long-term AccessKey pair sends no token")
    void providerWithoutToken() {
        DeliveryResult result = SmsGateways.aliyun(base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("vault", () -> AliyunCredentials.accessKey(FakeAliyun.KEY_ID, FakeAliyun.SECRET))
                .build()).send(firing("key-1"));
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(aliyun.server.only().form()).doesNotContainKey("SecurityToken");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AliyunSignatureVersion.class)
    @DisplayName("a provider that throws makes a temporary failure naming it; nothing is sent, and neither the reason nor the log shows a secret")
    void providerThrows(AliyunSignatureVersion version) {
        AtomicInteger calls = new AtomicInteger();
        SmsGateway gateway = SmsGateways.aliyun(base(version).credentialsProvider("ram-role", () -> {
            if (calls.incrementAndGet() == 1) {
                return AliyunCredentials.sts(STS_ID, STS_SECRET, STS_TOKEN, null);
            }
            // A careless provider quoting what it had: the gateway must not repeat it.
            throw new IOException("refresh failed; old token " + STS_TOKEN + " secret " + STS_SECRET + "\nline two");
        }).build());
        assertThat(gateway.send(firing("key-1"))).isInstanceOf(DeliveryResult.Delivered.class);
        TestLog log = TestLog.mark();

        DeliveryResult result = gateway.send(firing("key-2"));

        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        String reason = ((DeliveryResult.TemporaryFailure) result).reason();
        assertThat(reason).contains("credentials provider 'ram-role' failed", "IOException", "nothing was sent")
                .doesNotContain(STS_TOKEN, STS_SECRET, "\n");
        assertThat(aliyun.server.received()).hasSize(1);
        assertThat(log.since()).contains("ram-role", "IOException").doesNotContain(STS_TOKEN, STS_SECRET);
    }

    @Test
    @DisplayName("a provider that returns null, or credentials already expired, makes a temporary failure; nothing is sent")
    void providerReturnsNothingUsable() {
        DeliveryResult none = SmsGateways.aliyun(base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("broken", () -> null).build()).send(firing("key-1"));
        assertThat(none).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) none).reason())
                .contains("credentials provider 'broken' returned no credentials");

        DeliveryResult expired = SmsGateways.aliyun(base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("stale", () -> AliyunCredentials.sts(STS_ID, STS_SECRET, STS_TOKEN, NOW))
                .build()).send(firing("key-1"));
        assertThat(expired).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) expired).reason())
                .contains("'stale'", STS_ID, "expired at " + NOW).doesNotContain(STS_SECRET, STS_TOKEN);
        assertThat(aliyun.server.received()).isEmpty();
    }

    @Test
    @DisplayName("InvalidSecurityToken.Expired is temporary with a provider (the retry asks it again) and permanent with a fixed token")
    void expiredTokenAnswer() {
        aliyun.failWith(400, "InvalidSecurityToken.Expired", Map.of());
        DeliveryResult withProvider = SmsGateways.aliyun(base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("ram-role", () -> AliyunCredentials.sts(STS_ID, STS_SECRET, STS_TOKEN, null))
                .build()).send(firing("key-1"));
        DeliveryResult fixed = SmsGateways.aliyun(fixedSts(AliyunSignatureVersion.RPC_V1_HMAC_SHA1).build())
                .send(firing("key-1"));
        assertThat(withProvider).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(fixed).isInstanceOf(DeliveryResult.PermanentFailure.class);
    }

    @Test
    @DisplayName("settings: a provider excludes fixed credentials, one of them is required, and nothing shows the secret or the token")
    void settings() {
        AliyunSmsSettings fixed = fixedSts(AliyunSignatureVersion.RPC_V1_HMAC_SHA1).build();
        assertThat(fixed.toString()).contains(STS_ID, "securityToken=***").doesNotContain(STS_SECRET, STS_TOKEN);
        assertThat(fixed.credentialsName()).isEqualTo(AliyunSmsSettings.FIXED_STS_TOKEN);
        assertThat(fixed.securityToken()).contains(STS_TOKEN);
        assertThat(AliyunSmsSettings.from(fixed).build().securityToken()).contains(STS_TOKEN);

        AliyunSmsSettings provided = base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("ram-role", () -> AliyunCredentials.accessKey("a", "b")).build();
        assertThat(provided.toString()).contains("credentialsProvider=ram-role");
        assertThat(provided.accessKeyId()).isEmpty();
        assertThat(AliyunSmsSettings.from(provided).build().credentialsName()).isEqualTo("ram-role");

        assertThatIllegalArgumentException().isThrownBy(() -> fixedSts(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .credentialsProvider("ram-role", () -> null).build())
                .withMessageContaining("credentialsProvider and fixed credentials");
        assertThatIllegalArgumentException().isThrownBy(() -> base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1).build())
                .withMessage("accessKeyId and accessKeySecret, or a credentialsProvider, are required for the "
                        + "aliyun gateway");
        assertThatIllegalArgumentException().isThrownBy(() -> base(AliyunSignatureVersion.RPC_V1_HMAC_SHA1)
                .securityToken(STS_TOKEN).accessKeyId(STS_ID).build())
                .withMessage("accessKeySecret is required for the aliyun gateway");
        assertThatIllegalArgumentException().isThrownBy(() -> AliyunSmsSettings.custom().securityToken("bad token"))
                .withMessage("securityToken must be printable ASCII without spaces");
        assertThatIllegalArgumentException().isThrownBy(() -> AliyunSmsSettings.custom()
                .credentialsProvider(" ", () -> null)).withMessageContaining("credentialsProvider name");

        AliyunCredentials credentials = AliyunCredentials.sts(STS_ID, STS_SECRET, STS_TOKEN, NOW);
        assertThat(credentials.toString()).contains(STS_ID, NOW.toString()).doesNotContain(STS_SECRET, STS_TOKEN);
        assertThat(credentials.expiredAt(NOW)).isTrue();
        assertThat(credentials.expiredAt(NOW.minusSeconds(1))).isFalse();
        assertThat(AliyunCredentials.accessKey("a", "b").expiredAt(Instant.MAX)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> AliyunCredentials.sts(STS_ID, "bad secret", STS_TOKEN,
                null)).withMessage("accessKeySecret must be printable ASCII without spaces");
    }

    @Test
    @DisplayName("the provider key aliyun-security-token sends the token, and a bad value is refused without showing it")
    void providerKey() {
        ChannelProvider provider = ServiceLoader.load(ChannelProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.channelName().equals("sms")).findFirst().orElseThrow();
        Map<String, String> settings = new HashMap<>(Map.of("gateway", "aliyun", "aliyun-access-key-id", STS_ID,
                "aliyun-access-key-secret", STS_SECRET, "aliyun-security-token", STS_TOKEN,
                "aliyun-sign-name", "Sign", "aliyun-endpoint", aliyun.endpoint(), "aliyun-template-code", "SMS_1"));
        try (SmsChannel channel = (SmsChannel) provider.create(settings)) {
            DeliveryResult result = channel.send(new OutboundMessage("key-1", Channel.SMS, "+8613800138000",
                    OutboundMessage.Kind.FIRING, Locale.CHINA, "", "text", Map.of()));
            assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(aliyun.server.only().form()).containsEntry("SecurityToken", STS_TOKEN);
        }
        settings.put("aliyun-security-token", "token with spaces");
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(settings))
                .withMessageContaining("aliyun-security-token").withMessageNotContaining("token with spaces");
    }
}
