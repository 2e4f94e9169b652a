package io.jeeves.asl.runtime;

/**
 * An API error as Step Functions names it ({@code StateMachineDoesNotExist}, {@code InvalidToken}, ...),
 * so that an SDK pointed at the local endpoint raises its own exception class for it.
 */
public final class SfnException extends RuntimeException {
    private final String type;

    public SfnException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }

    public static SfnException validation(String message) {
        return new SfnException("ValidationException", message);
    }
}
