package org.inventory.server.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;

/** The jte templates the build compiled into classes, for the HTML pages. */
public final class Templates {
    private Templates() {}

    /**
     * The engine over the templates compiled into {@code packageName}, loaded by {@code owner}'s class loader: jte
     * would otherwise load them through the context class loader of the thread that creates the engine, which a
     * server thread need not have set. Fails at once, not at the first request, if the build left {@code page} out.
     */
    public static TemplateEngine precompiled(Class<?> owner, String packageName, String page) {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        try {
            TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, packageName);
            engine.prepareForRendering(page);
            return engine;
        } finally {
            thread.setContextClassLoader(context);
        }
    }
}
