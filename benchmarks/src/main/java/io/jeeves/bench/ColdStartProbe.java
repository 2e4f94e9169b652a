package io.jeeves.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jeeves.runtime.InProcessContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM, as Lambda's runtime would: load the handler class, instantiate it, invoke it
 * once with the event, then print a marker (with the response's first bytes) on stderr and exit. The
 * parent times from process start to the marker.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler h = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(event), out, new InProcessContext("probe", 30_000));
        String response = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.err.println("jeeves-probe-done " + response.substring(0, Math.min(60, response.length())).replace('\n', ' '));
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}
