package io.jeeves.local.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 inside the local stack's JVM: s3proxy serving the S3 REST API over one of its own NIO.2 blob
 * stores, so neither Docker nor a cloud account is needed.
 *
 * <p>Storage: with a directory, {@link FilesystemNio2BlobStore} keeps each bucket as a folder
 * {@code <dir>/<bucket>} and each object as a plain file at {@code <dir>/<bucket>/<key>} (content type
 * and user metadata in the file's extended attributes), so objects survive a restart and can be looked
 * at with ordinary tools. Without one, {@link TransientNio2BlobStore} keeps them in an in-memory file
 * system that is gone after {@link #close()}.
 *
 * <p>Credentials: s3proxy runs with {@link AuthenticationType#NONE}. It then neither parses the
 * Authorization header nor checks signatures, request dates or clock skew, so signed (SigV4) and
 * unsigned requests alike are served whatever the access key; the local stack uses {@code local}/{@code
 * local}. What it does check is the content: a Content-MD5 or x-amz-checksum-* header that does not
 * match the body is refused with BadDigest. The SDK's default uploads (aws-chunked bodies with a
 * trailing CRC32 checksum) work unchanged.
 *
 * <p>Addressing: path-style only ({@code http://127.0.0.1:<port>/<bucket>/<key>}); there is no virtual
 * host, so clients need {@code forcePathStyle(true)} (AWS CLI: {@code addressing_style = path}).
 */
public final class S3Emulator implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private static final Logger LOG = LoggerFactory.getLogger(S3Emulator.class);
    private static final String HOST = "127.0.0.1";
    /**
     * Jetty's graceful stop waits this long for requests in flight, and also for idle keep-alive
     * connections (the JDK keeps them after the SDK client is closed): with s3proxy's default of 30 s
     * every close() took about 2 s.
     */
    private static final long STOP_TIMEOUT_MILLIS = 200;
    /** S3's rule for new buckets: 3-63 lower-case letters, digits, dots and hyphens, alphanumeric at both ends. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final S3Proxy proxy;
    private final BlobStore store;
    private final Path dataDir;
    private final URI endpoint;
    private boolean closed;

    private S3Emulator(S3Proxy proxy, BlobStore store, Path dataDir, URI endpoint) {
        this.proxy = proxy;
        this.store = store;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    /**
     * Starts s3proxy on 127.0.0.1.
     *
     * @param port    the port to listen on; 0 picks a free one (see {@link #endpoint()})
     * @param dataDir where buckets and objects are kept (created if missing); null keeps them in memory
     * @throws IllegalStateException when it cannot listen (the port is in use, typically)
     */
    public static S3Emulator start(int port, Path dataDir) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Path dir = null;
        BlobStore store;
        if (dataDir == null) {
            store = new TransientNio2BlobStore();
        } else {
            dir = dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            store = new FilesystemNio2BlobStore(dir.toString());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
            long until = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("state " + proxy.getState());
            }
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // it did not start; nothing more to stop
            }
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The S3 emulator could not listen on " + HOST + ":" + port
                    + " (is it in use?): " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://" + HOST + ":" + proxy.getPort());
        LOG.debug("s3proxy listening on {}, {}", endpoint, dir == null ? "in memory" : "objects under " + dir);
        return new S3Emulator(proxy, store, dir, endpoint);
    }

    /** The endpoint for SDKs (with path-style access) and the AWS CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** Where the buckets are, or null when they are kept in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String name) {
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("Invalid bucket name: " + name);
        }
        if (!store.containerExists(name)) {
            store.createContainer(name);
        }
    }

    /** A new S3 client for this emulator (path-style, url-connection HTTP client, us-east-1); close it. */
    public S3Client newClient() {
        return client(endpoint);
    }

    /** An S3 client for an endpoint such as this one's: path-style addressing, any credentials. */
    public static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(NO_EXPECT_CONTINUE))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /**
     * Drops the {@code Expect: 100-continue} header the S3 client puts on every upload. Through the JDK's
     * HttpURLConnection, a 100-continue handshake on a reused keep-alive connection to Jetty fails now and
     * then with "Unexpected end of file from server" (about 4 uploads in 100 in a loop; aws-sdk-java-v2
     * issue 6670), and the SDK does not retry it. Against a local emulator the handshake saves nothing.
     */
    private static final ExecutionInterceptor NO_EXPECT_CONTINUE = new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent()
                    ? request.toBuilder().removeHeader("Expect").build()
                    : request;
        }
    };

    /** Stops serving; with a directory, everything written is already on disk. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // the graceful phase ran out, as it does whenever an idle keep-alive connection is open; the
            // connectors are closed all the same
            LOG.debug("s3proxy closed connections still open after {} ms", STOP_TIMEOUT_MILLIS);
        } catch (Exception e) {
            LOG.warn("s3proxy did not stop cleanly: {}", e.toString());
        }
        store.close();
    }
}
