package io.jeeves.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** s3proxy as the local stack runs it, driven by the SDK's S3 client with path-style access. */
class S3EmulatorTest {
    @TempDir
    Path data;

    @Test
    void putGetListAndDelete() throws Exception {
        try (S3Emulator s3 = S3Emulator.start(0, null); S3Client client = s3.newClient()) {
            assertThat(s3.endpoint().toString()).isEqualTo("http://127.0.0.1:" + s3.port());
            s3.createBucket("artifacts");
            s3.createBucket("artifacts"); // idempotent

            client.putObject(r -> r.bucket("artifacts").key("runs/1/out.json").contentType("application/json")
                    .metadata(Map.of("run", "1")), RequestBody.fromString("{\"ok\":true}"));
            client.putObject(r -> r.bucket("artifacts").key("runs/2/out.json"), RequestBody.fromString("{\"ok\":false}"));
            client.putObject(r -> r.bucket("artifacts").key("other.txt"), RequestBody.fromString("x"));

            var got = client.getObjectAsBytes(r -> r.bucket("artifacts").key("runs/1/out.json"));
            assertThat(got.asUtf8String()).isEqualTo("{\"ok\":true}");
            assertThat(got.response().contentType()).isEqualTo("application/json");
            assertThat(got.response().metadata()).containsEntry("run", "1");

            assertThat(client.listObjectsV2(r -> r.bucket("artifacts").prefix("runs/")).contents())
                    .extracting(S3Object::key).containsExactly("runs/1/out.json", "runs/2/out.json");
            assertThat(client.listObjectsV2(r -> r.bucket("artifacts").delimiter("/")).commonPrefixes())
                    .extracting(p -> p.prefix()).containsExactly("runs/");
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("artifacts");

            client.deleteObject(r -> r.bucket("artifacts").key("runs/1/out.json"));
            assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket("artifacts").key("runs/1/out.json")))
                    .isInstanceOf(NoSuchKeyException.class);
            assertThat(client.listObjectsV2(r -> r.bucket("artifacts").prefix("runs/")).contents())
                    .extracting(S3Object::key).containsExactly("runs/2/out.json");
        }
    }

    /** Before the client dropped Expect: 100-continue, about 4 uploads in 100 failed with "Unexpected end of file". */
    @Test
    void hundredsOfUploadsInARowOverKeptAliveConnectionsAllSucceed() throws Exception {
        try (S3Emulator s3 = S3Emulator.start(0, null); S3Client client = s3.newClient()) {
            s3.createBucket("many");
            for (int i = 0; i < 400; i++) {
                String key = "k" + i;
                client.putObject(r -> r.bucket("many").key(key), RequestBody.fromString("v" + key));
            }
            assertThat(client.listObjectsV2(r -> r.bucket("many")).keyCount()).isEqualTo(400);
            assertThat(client.getObjectAsBytes(r -> r.bucket("many").key("k399")).asUtf8String()).isEqualTo("vk399");
        }
    }

    @Test
    void largeUploadsWithTheSdksDefaultChecksumsComeBackIntact() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        try (S3Emulator s3 = S3Emulator.start(0, null); S3Client client = s3.newClient()) {
            s3.createBucket("blobs");
            client.putObject(r -> r.bucket("blobs").key("big.bin"), RequestBody.fromBytes(big));
            assertThat(client.getObjectAsBytes(r -> r.bucket("blobs").key("big.bin")).asByteArray()).isEqualTo(big);
        }
    }

    @Test
    void anyCredentialsAreAcceptedButContentChecksumsAreChecked() throws Exception {
        try (S3Emulator s3 = S3Emulator.start(0, null);
             S3Client other = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
                     .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.builder().build())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHER", "s3cr3t")))
                     .build()) {
            s3.createBucket("any-creds");
            other.putObject(r -> r.bucket("any-creds").key("k"), RequestBody.fromString("v"));
            assertThat(other.getObjectAsBytes(r -> r.bucket("any-creds").key("k")).asUtf8String()).isEqualTo("v");

            assertThatThrownBy(() -> other.putObject(r -> r.bucket("any-creds").key("bad-md5")
                    .contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="), RequestBody.fromString("v")))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
            assertThatThrownBy(() -> other.putObject(r -> r.bucket("any-creds").key("bad-crc")
                    .checksumCRC32("AAAAAA=="), RequestBody.fromString("v")))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
            assertThat(other.listObjectsV2(r -> r.bucket("any-creds")).contents()).extracting(S3Object::key)
                    .containsExactly("k");
        }
    }

    @Test
    void objectsOnDiskSurviveARestart() throws Exception {
        try (S3Emulator s3 = S3Emulator.start(0, data); S3Client client = s3.newClient()) {
            assertThat(s3.dataDir()).isEqualTo(data.toAbsolutePath());
            s3.createBucket("kept");
            client.putObject(r -> r.bucket("kept").key("a/b.txt").contentType("text/plain"), RequestBody.fromString("hello"));
        }
        assertThat(data.resolve("kept").resolve("a").resolve("b.txt")).hasContent("hello");

        try (S3Emulator s3 = S3Emulator.start(0, data); S3Client client = s3.newClient()) {
            s3.createBucket("kept"); // already there: nothing happens
            var got = client.getObjectAsBytes(r -> r.bucket("kept").key("a/b.txt"));
            assertThat(got.asUtf8String()).isEqualTo("hello");
            assertThat(got.response().contentType()).isEqualTo("text/plain");
            assertThat(client.listObjectsV2(r -> r.bucket("kept")).contents()).extracting(S3Object::key)
                    .containsExactly("a/b.txt");
        }
    }

    @Test
    void inMemoryKeepsNothing() throws Exception {
        int port;
        try (S3Emulator s3 = S3Emulator.start(0, null); S3Client client = s3.newClient()) {
            assertThat(s3.dataDir()).isNull();
            s3.createBucket("gone");
            client.putObject(r -> r.bucket("gone").key("k"), RequestBody.fromString("v"));
            port = s3.port();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        try (S3Emulator s3 = S3Emulator.start(0, null); S3Client client = s3.newClient()) {
            assertThat(client.listBuckets().buckets()).isEmpty();
            assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket("gone").key("k")))
                    .isInstanceOf(NoSuchBucketException.class);
        }
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aPortInUseIsReportedAsSuch() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> S3Emulator.start(taken.getLocalPort(), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + taken.getLocalPort() + " (is it in use?)");
        }
    }

    @Test
    void refusesBucketNamesS3Refuses() throws Exception {
        try (S3Emulator s3 = S3Emulator.start(0, null)) {
            for (String bad : new String[] {"Upper", "ab", "-dash", "a..b", "under_score"}) {
                assertThatThrownBy(() -> s3.createBucket(bad)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}
