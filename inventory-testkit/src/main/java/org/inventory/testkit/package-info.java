/**
 * What every module's tests share, depending on none of the service's modules so that core, server, loader and
 * reliability tests can all use it.
 * <ul>
 * <li>The store: {@link org.inventory.testkit.TestStore} (one per test run) and
 * {@link org.inventory.testkit.StoreProcess} (a store in a process of its own, to stop and start again).</li>
 * <li>The server: {@link org.inventory.testkit.TestEnv} (its variables, for a server in the test's JVM or a
 * process) and {@link org.inventory.testkit.ServerProcess} (the real {@code Main} as a child process), with
 * {@link org.inventory.testkit.ChildProcesses} for the java command, jcmd, free ports and a command run to its end,
 * and {@link org.inventory.testkit.InstalledJava} for another Java of this machine (a jar run on an old one).</li>
 * <li>Waiting: {@link org.inventory.testkit.Await}, a condition checked with pauses until a deadline.</li>
 * <li>Tiers: {@link org.inventory.testkit.Tier}, how many random inputs a randomised test tries (all under
 * {@code -Pfull}, a fifth by default).</li>
 * <li>Clients: {@link org.inventory.testkit.Http} (GET), {@link org.inventory.testkit.WsClient} (the JDK's
 * WebSocket), and for what well-behaved clients refuse to send, {@link org.inventory.testkit.RawHttp} and
 * {@link org.inventory.testkit.RawWebSocket}; {@link org.inventory.testkit.SseClient} for the live feed's event
 * stream.</li>
 * <li>Reading: {@link org.inventory.testkit.PrometheusText}, one scrape of {@code /metrics}.</li>
 * <li>TLS: {@link org.inventory.testkit.TestCertificates} (authorities and certificates made by {@code openssl} for a
 * run) and {@link org.inventory.testkit.TlsFixture}, the JUnit extension that gives a TLS test class its set.</li>
 * <li>A browser: {@link org.inventory.testkit.Chromium}, Debian's headless Chromium under Selenium, and
 * {@link org.inventory.testkit.ChromiumSession}, the JUnit extension that gives one to a browser test class (trusting
 * a test's certificate authority, and keeping its console and network logs, when asked). Selenium
 * and JUnit are optional dependencies of the kit: a module whose tests use these declares them itself.</li>
 * </ul>
 */
package org.inventory.testkit;
