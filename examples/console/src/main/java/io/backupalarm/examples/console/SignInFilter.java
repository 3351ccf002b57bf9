package io.backupalarm.examples.console;

import io.backupalarm.text.SafeText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's sign-in, as a servlet filter: the product's own authentication, which backup-alarm
 * leaves to the host. {@code GET /sign-in} shows a form, {@code POST /sign-in} checks the name
 * and password against {@link DemoUsers} and keeps the user in the HTTP session (a new session,
 * so that a session id from before the sign-in is worthless), {@code POST /sign-out} ends it.
 * A signed-in request goes on with the user as its {@link Principal}, which is all the
 * administration API reads. Without a user, the console's pages redirect to the form and the
 * API answers 401 itself.
 *
 * <p>Thread-safe: it keeps no state of its own.
 */
public final class SignInFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SignInFilter.class);
    /** The session attribute holding the signed-in user's name. */
    static final String USER = "demo.user";

    private final transient DemoUsers users;
    private final String basePath;

    /**
     * A filter over these users.
     *
     * @param users the demo users
     * @param basePath where the API and the console live ({@code backup-alarm.web.base-path})
     */
    public SignInFilter(DemoUsers users, String basePath) {
        this.users = users;
        this.basePath = basePath;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/sign-in")) {
            if ("POST".equals(request.getMethod())) {
                signIn(request, response);
            } else {
                form(response, request.getContextPath(), false, HttpServletResponse.SC_OK);
            }
            return;
        }
        if (path.equals("/sign-out") && "POST".equals(request.getMethod())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/sign-in");
            return;
        }
        Optional<String> user = signedIn(request);
        if (user.isPresent()) {
            if (path.equals("/")) {
                response.sendRedirect(request.getContextPath() + basePath + "/console/");
                return;
            }
            chain.doFilter(new SignedInRequest(request, user.get()), response);
        } else if (path.startsWith(basePath + "/api/")) {
            chain.doFilter(request, response); // the API answers 401 to a request without a principal
        } else {
            response.sendRedirect(request.getContextPath() + "/sign-in");
        }
    }

    private static Optional<String> signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(USER));
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("username");
        Optional<DemoUsers.User> user = users.signIn(name, request.getParameter("password"));
        if (user.isEmpty()) {
            LOG.info("Sign-in refused for '{}'", SafeText.printable(String.valueOf(name)));
            form(response, request.getContextPath(), true, HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        request.getSession(true).setAttribute(USER, user.get().name());
        LOG.info("{} signed in (account {})", user.get().name(), user.get().account());
        response.sendRedirect(request.getContextPath() + basePath + "/console/");
    }

    private static void form(HttpServletResponse response, String contextPath, boolean failed, int status) throws IOException {
        String error = failed
                ? "<p id=\"sign-in-error\" role=\"alert\" class=\"error\">Wrong name or password. / 用户名或密码错误。</p>"
                : "";
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in - Backup alarms</title>
                <style>
                  body { font-family: system-ui, sans-serif; background: #f4f6fa; color: #1d2330; display: grid; place-items: center; min-height: 100vh; margin: 0; }
                  form { background: #fff; border: 1px solid #d5dae3; border-radius: 6px; padding: 1.5rem 2rem; width: 22rem; }
                  label { display: block; font-weight: 600; margin: .8rem 0 .25rem; }
                  input { font: inherit; width: 100%%; padding: .4rem .5rem; border: 1px solid #aab2c0; border-radius: 4px; box-sizing: border-box; }
                  button { font: inherit; margin-top: 1.2rem; padding: .45rem 1.2rem; background: #1f5fbf; color: #fff; border: none; border-radius: 4px; }
                  :focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
                  .error { color: #b3261e; }
                </style></head>
                <body>
                <form method="post" action="%s/sign-in">
                  <h1>Backup alarms <span lang="zh-CN">备份告警</span></h1>
                  %s
                  <label for="username">Name <span lang="zh-CN">用户名</span></label>
                  <input id="username" name="username" autocomplete="username" required autofocus>
                  <label for="password">Password <span lang="zh-CN">密码</span></label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button type="submit" id="sign-in">Sign in <span lang="zh-CN">登录</span></button>
                </form>
                </body></html>
                """.formatted(contextPath, error);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    /** The request as the signed-in user's: its principal and remote user. */
    private static final class SignedInRequest extends HttpServletRequestWrapper {
        private final Principal principal;

        SignedInRequest(HttpServletRequest request, String user) {
            super(request);
            this.principal = () -> user;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }
    }
}
