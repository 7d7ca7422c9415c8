/*
 * "Has somebody already reported this?" on the post form: while the person types the title and
 * the description, similar existing posts are listed (debounced) in a polite live region, each
 * with "Support this one instead"; "Mine is different" closes the box for this page.
 *
 * Progressive enhancement: without this script the box stays empty and the form works as is.
 * Buttons submit #similar-support-form (outside the post form, which cannot be nested) to the
 * post's support URL; the server then shows that post.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text; // never innerHTML: titles are user text
    }
    return node;
  }

  function setUp(box) {
    var form = box.closest("form");
    var title = form && form.elements.title;
    var body = form && form.elements.body;
    if (!title || !body) {
      return;
    }
    var msg = box.dataset;
    var minChars = parseInt(msg.minChars, 10) || 15;
    var timer = null;
    var pending = null;
    var shownIds = "";
    var dismissed = false;
    var lastField = title;

    function clear() {
      box.textContent = "";
      shownIds = "";
    }

    function supportsText(count) {
      return count === 1 ? msg.msgSupportsOne : format(msg.msgSupports, { count: count });
    }

    function item(result) {
      var li = element("li", "card similar-post");
      var heading = element("h3", "similar-post-title");
      var link = element("a", "", result.title);
      link.href = result.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.id = "similar-post-" + result.id;
      link.appendChild(element("span", "visually-hidden", " " + msg.msgNewTab));
      heading.appendChild(link);
      li.appendChild(heading);

      var meta = element("p", "meta");
      meta.appendChild(element("span", "badge badge-status-" + result.status, result.status_label));
      meta.appendChild(document.createTextNode(" " + supportsText(result.support_count)));
      if (result.likely_duplicate) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(element("span", "badge similar-post-duplicate", msg.msgDuplicate));
      }
      li.appendChild(meta);

      if (result.can_support) {
        var button = element("button", "button button-small", msg.msgSupport);
        button.type = "submit";
        button.setAttribute("form", "similar-support-form");
        button.setAttribute("formaction", result.support_url);
        button.setAttribute("aria-describedby", link.id);
        li.appendChild(button);
      }
      return li;
    }

    function render(results) {
      var ids = results.map(function (r) { return r.id; }).join(",");
      if (ids === shownIds) {
        return; // same posts: do not make screen readers read the box again
      }
      clear();
      shownIds = ids;
      if (!results.length) {
        return;
      }
      var section = element("section", "card stack similar-posts-box");
      section.setAttribute("aria-labelledby", "similar-posts-heading");
      var heading = element("h2", "", msg.msgHeading);
      heading.id = "similar-posts-heading";
      section.appendChild(heading);
      section.appendChild(element("p", "", msg.msgIntro));
      var list = element("ul", "card-list");
      results.forEach(function (result) {
        list.appendChild(item(result));
      });
      section.appendChild(list);
      var different = element("button", "button button-secondary", msg.msgDifferent);
      different.type = "button";
      different.addEventListener("click", dismiss);
      section.appendChild(different);
      box.appendChild(section);
    }

    function dismiss() {
      dismissed = true;
      clearTimeout(timer);
      if (pending) {
        pending.abort();
      }
      clear();
      box.appendChild(element("p", "visually-hidden", msg.msgDismissed));
      lastField.focus(); // the focused button is gone: back to where the person was writing
    }

    function query() {
      var text = (title.value + " " + body.value).trim();
      if (text.replace(/\s+/g, " ").length < minChars) {
        clear();
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var params = new URLSearchParams({ title: title.value, body: body.value });
      if (msg.campaign) {
        params.set("campaign", msg.campaign);
      }
      fetch(msg.url + "?" + params.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (!dismissed) {
            render(data.results || []);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            clear(); // suggestions are optional: on any error the form simply goes on
          }
        });
    }

    function onInput(event) {
      lastField = event.target;
      if (dismissed) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(query, DEBOUNCE_MS);
    }

    title.addEventListener("input", onInput);
    body.addEventListener("input", onInput);
    if (title.value || body.value) {
      query(); // back from the preview, or after an error: check the text already there
    }
  }

  document.querySelectorAll("[data-similar-posts]").forEach(setUp);
})();
