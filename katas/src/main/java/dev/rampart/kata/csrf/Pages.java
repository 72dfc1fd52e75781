package dev.rampart.kata.csrf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The site's HTML pages. */
final class Pages {

    private Pages() {
    }

    static String login(boolean failed) {
        return page("Sign in", (failed ? "<p class=\"error\">Wrong name or password.</p>" : "") + """
                <form id="login" method="post" action="/login">
                  <label>Name <input name="username" autocomplete="username"></label>
                  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
                  <button>Sign in</button>
                </form>""");
    }

    static String account(Account account, List<Transfer> recent) {
        var payees = recent.stream().map(t -> "<li>" + escape(t.to()) + ", " + cents(t.amount())
                + " <a class=\"again\" href=\"/transfers/again?to=" + URLEncoder.encode(t.to(), StandardCharsets.UTF_8)
                + "&amp;amount=" + t.amount() + "\">Pay again</a></li>").collect(Collectors.joining("\n"));
        return page("Your account", """
                <p>Signed in as <b id="owner">%s</b>. Balance: <b id="balance">%s</b></p>
                <form id="email" method="post" action="/account/email">
                  <input type="hidden" name="_method" value="PUT">
                  <label>E-mail <input name="email" type="email" value="%s"></label>
                  <button>Save</button>
                </form>
                <form id="transfer" method="post" action="/transfers">
                  <label>To <input name="to"></label>
                  <label>Amount in cents <input name="amount" type="number"></label>
                  <button>Send</button>
                </form>
                <h2>Recent payments</h2>
                <ul id="recent">%s</ul>
                <form id="quick-pay">
                  <label>To <input name="to"></label>
                  <label>Amount in cents <input name="amount" type="number"></label>
                  <button>Quick pay</button>
                  <output id="quick-pay-result"></output>
                </form>
                <form id="logout" method="post" action="/logout"><button>Sign out</button></form>
                <script>
                  document.getElementById('quick-pay').addEventListener('submit', event => {
                    event.preventDefault();
                    const form = event.target;
                    fetch('/api/transfers', {
                      method: 'POST',
                      headers: {'Content-Type': 'application/json'},
                      body: JSON.stringify({to: form.to.value, amount: Number(form.amount.value)})
                    }).then(answer => {
                      document.getElementById('quick-pay-result').textContent = answer.ok ? 'Sent' : 'Refused';
                    });
                  });
                </script>""".formatted(escape(account.owner()), cents(account.balance()), escape(account.email()), payees));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · Bank</title></head>
                <body><h1>%s</h1>
                %s
                </body></html>
                """.formatted(title, title, body);
    }

    private static String cents(long amount) {
        return "%d.%02d".formatted(amount / 100, amount % 100);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
