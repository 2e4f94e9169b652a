package io.jeeves.asl.runtime;

import java.time.Instant;

/** A state machine as stored: its definition text is kept exactly as given. */
public record StateMachineRecord(String arn, String name, String definition, String roleArn, String type,
        Instant creationDate, Instant updateDate, String revisionId, long version) {
}
