package io.cellsprobe.testing;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/** A WireMock transformer that applies only to the stubs naming it, never to every answer. */
abstract class StubTransformer implements ResponseDefinitionTransformerV2 {

    private final String name;

    StubTransformer(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
