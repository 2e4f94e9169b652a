package io.jeeves.governance.artifact.memory;

import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.BlobStore;
import io.jeeves.governance.artifact.contract.ArtifactStoreContract;
import io.jeeves.governance.artifact.contract.BlobStoreContract;
import org.junit.jupiter.api.Nested;

class InMemoryArtifactContractTest {
    @Nested
    class Artifacts extends ArtifactStoreContract {
        @Override
        protected ArtifactStore newStore() {
            return new InMemoryArtifactStore();
        }
    }

    @Nested
    class Blobs extends BlobStoreContract {
        @Override
        protected BlobStore newStore() {
            return new InMemoryBlobStore();
        }
    }
}
