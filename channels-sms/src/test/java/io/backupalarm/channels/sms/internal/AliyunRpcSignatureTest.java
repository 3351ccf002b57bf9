package io.backupalarm.channels.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The RPC signature V1.0 against Alibaba Cloud's published worked examples.
 *
 * <p>Vector A: AlibabaCloudDocs/ecs, "intl.en-US/API Reference/Getting started/Request
 * signatures.md" (DescribeRegions, AccessKeyId {@code testid}, secret {@code testsecret}).
 * Vector B: help.aliyun.com "rpc-mechanism", the fixed-parameter example (DescribeDedicatedHosts).
 * Both recomputed independently (see /work/shared/reference/sms-email-facts.md, section 1).
 */
@DisplayName("Alibaba Cloud's RPC signature V1.0")
final class AliyunRpcSignatureTest {

    private static Map<String, String> vectorA(String timestampName) {
        Map<String, String> p = new TreeMap<>();
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeRegions");
        p.put("Format", "XML");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        p.put("SignatureVersion", "1.0");
        p.put(timestampName, "2016-02-23T12:46:24Z");
        p.put("Version", "2014-05-26");
        return p;
    }

    @Test
    @DisplayName("gives the documented string to sign and signature for DescribeRegions (vector A)")
    void vectorA() {
        String stringToSign = AliyunRpcSignature.stringToSign("GET", vectorA("Timestamp"));
        assertThat(stringToSign).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                + "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
                + "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        String signature = AliyunRpcSignature.sign("testsecret", stringToSign);
        assertThat(signature).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assertThat(AliyunRpcSignature.percentEncode(signature)).isEqualTo("OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D");
    }

    @Test
    @DisplayName("gives the old documents' other signature when the parameter is misnamed TimeStamp")
    void vectorAWithOldParameterName() {
        assertThat(AliyunRpcSignature.sign("testsecret",
                AliyunRpcSignature.stringToSign("GET", vectorA("TimeStamp"))))
                .isEqualTo("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    }

    @Test
    @DisplayName("gives the documented signature for DescribeDedicatedHosts (vector B)")
    void vectorB() {
        Map<String, String> p = new TreeMap<>();
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeDedicatedHosts");
        p.put("Format", "JSON");
        p.put("RegionId", "cn-beijing");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb");
        p.put("SignatureVersion", "1.0");
        p.put("Timestamp", "2023-03-13T08:34:30Z");
        p.put("Version", "2014-05-26");
        assertThat(AliyunRpcSignature.sign("testsecret", AliyunRpcSignature.stringToSign("GET", p)))
                .isEqualTo("9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    }

    @Test
    @DisplayName("the method is part of the string to sign, so POST signs differently from GET")
    void methodMatters() {
        assertThat(AliyunRpcSignature.sign("testsecret", AliyunRpcSignature.stringToSign("POST", vectorA("Timestamp"))))
                .isNotEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    @DisplayName("percent-encodes as RFC 3986: unreserved kept, space %20, star %2A, tilde kept, UTF-8 bytes")
    void percentEncoding() {
        assertThat(AliyunRpcSignature.percentEncode(" !'()*~+/:")).isEqualTo("%20%21%27%28%29%2A~%2B%2F%3A");
        assertThat(AliyunRpcSignature.percentEncode("Az09-_.~")).isEqualTo("Az09-_.~");
        assertThat(AliyunRpcSignature.percentEncode("备份")).isEqualTo("%E5%A4%87%E4%BB%BD");
    }

    @Test
    @DisplayName("leaves the Signature parameter out of the canonical query")
    void canonicalQueryIgnoresSignature() {
        Map<String, String> p = new TreeMap<>(vectorA("Timestamp"));
        p.put("Signature", "x");
        assertThat(AliyunRpcSignature.canonicalQuery(p)).isEqualTo(AliyunRpcSignature.canonicalQuery(vectorA("Timestamp")));
    }
}
