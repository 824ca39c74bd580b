package io.cellsprobe.probe;

import java.util.EnumMap;
import java.util.Map;

import io.cellsprobe.config.Flavor;

/** The login flow of each flavor: a new flavor is a {@link Flavor} constant, a {@link LoginFlow} and a line here. */
final class LoginFlows {

    private static final Map<Flavor, LoginFlow> BY_FLAVOR = register(
            new DexPasswordLogin(),
            new FrontendSessionLogin(),
            new PersonalAccessTokenLogin(),
            new OidcPasswordLogin(),
            new AutoLogin(new DexPasswordLogin(), new FrontendSessionLogin()));

    private LoginFlows() {
    }

    static LoginFlow of(Flavor flavor) {
        return BY_FLAVOR.get(flavor);
    }

    /** Fails at start-up, not at a target's first probe, when a flavor has no flow or two. */
    static Map<Flavor, LoginFlow> register(LoginFlow... flows) {
        Map<Flavor, LoginFlow> byFlavor = new EnumMap<>(Flavor.class);
        for (LoginFlow flow : flows) {
            if (byFlavor.put(flow.flavor(), flow) != null) {
                throw new IllegalStateException("two login flows for flavor " + flow.flavor().label());
            }
        }
        for (Flavor flavor : Flavor.values()) {
            if (!byFlavor.containsKey(flavor)) {
                throw new IllegalStateException("no login flow for flavor " + flavor.label());
            }
        }
        return byFlavor;
    }
}
