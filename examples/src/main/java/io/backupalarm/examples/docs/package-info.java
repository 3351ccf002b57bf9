/**
 * The code of the documentation's Java snippets, one class per page of {@code docs/}
 * ({@code PoliciesSnippets} for {@code docs/policies.md}...). Each snippet on a page is marked with
 * the file it comes from, and {@code DocSnippetsTest} checks that the page still shows that code
 * word for word, so the documentation only shows code that compiles against the current API.
 * The module's tests also run the snippets that need no outside server.
 *
 * <p>A snippet is usually the body of a method here, or a part of it; the method's parameters
 * stand for what the page introduces elsewhere (the {@code ConfigurationStore}, the
 * {@code AlarmEngine}).
 */
package io.backupalarm.examples.docs;
