package io.jeeves.llm.embedding;

class InMemoryVectorStoreTest extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
        return new InMemoryVectorStore();
    }
}
