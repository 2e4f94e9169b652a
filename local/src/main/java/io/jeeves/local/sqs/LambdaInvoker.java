package io.jeeves.local.sqs;

/**
 * A function as an event-source mapping sees it: JSON event in, JSON response out, or a Lambda-style
 * error. It says nothing about how the function runs (in-process handler, a separate JVM, a real
 * Lambda), so the mapping can be tested against a plain lambda and wired to the real handlers later.
 */
@FunctionalInterface
public interface LambdaInvoker {
    /**
     * Invokes the function synchronously (Lambda's {@code RequestResponse}).
     *
     * @return the function's response payload; may be empty or {@code null} when it returned nothing
     * @throws FunctionError when the function failed (an uncaught exception, a timeout, a crash)
     */
    byte[] invoke(byte[] eventJson) throws FunctionError;
}
