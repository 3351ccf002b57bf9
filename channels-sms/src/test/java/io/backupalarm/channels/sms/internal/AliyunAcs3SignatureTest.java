package io.backupalarm.channels.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ACS3-HMAC-SHA256 against Alibaba Cloud's published worked example (vector C): alibabacloud.com
 * "V3 request structure and signature", section "Fixed parameter values" (RunInstances, POST,
 * empty body, AccessKey {@code YourAccessKeyId}/{@code YourAccessKeySecret}; the table values,
 * not the HTTP dump's). Recomputed independently in /work/shared/reference/sms-email-facts.md,
 * section 2.
 */
@DisplayName("Alibaba Cloud's ACS3-HMAC-SHA256 signature")
final class AliyunAcs3SignatureTest {

    @Test
    @DisplayName("gives the documented hashed canonical request, signature and Authorization (vector C)")
    void vectorC() {
        String emptyHash = AliyunAcs3Signature.sha256Hex(new byte[0]);
        assertThat(emptyHash).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Map<String, String> headers = Map.of(
                "host", "ecs.cn-shanghai.aliyuncs.com",
                "x-acs-action", "RunInstances",
                "x-acs-version", "2014-05-26",
                "x-acs-date", "2023-10-26T10:22:32Z",
                "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d",
                "x-acs-content-sha256", emptyHash);
        String canonicalRequest = AliyunAcs3Signature.canonicalRequest("POST", "/",
                Map.of("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId", "cn-shanghai"),
                headers, emptyHash);
        String stringToSign = AliyunAcs3Signature.stringToSign(canonicalRequest);
        assertThat(stringToSign).isEqualTo(
                "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        String signature = AliyunAcs3Signature.sign("YourAccessKeySecret", stringToSign);
        assertThat(signature).isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
        assertThat(AliyunAcs3Signature.authorization("YourAccessKeyId", AliyunAcs3Signature.signedHeaders(headers),
                signature)).isEqualTo("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                + "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                + "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    @DisplayName("the canonical headers are lower-cased, sorted, trimmed, and followed by a blank line")
    void canonicalHeaders() {
        String canonical = AliyunAcs3Signature.canonicalRequest("POST", "/", Map.of(),
                Map.of("X-Acs-Action", " SendSms ", "Host", "h", "Accept", "ignored"), "p");
        assertThat(canonical).isEqualTo("POST\n/\n\nhost:h\nx-acs-action:SendSms\n\nhost;x-acs-action\np");
    }
}
