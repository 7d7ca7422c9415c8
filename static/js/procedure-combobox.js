/*
 * Search-as-you-type procedure picker for the post form (ARIA 1.2 combobox with a listbox popup).
 *
 * Progressive enhancement: without this script the typed text is sent as is and the server
 * resolves it (exact title, or a list of candidates to pick from). With it, choosing an option
 * writes the procedure id into the hidden `procedure` field. Focus stays in the text field;
 * the highlighted option is announced through aria-activedescendant.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_LENGTH = 2;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function setUp(wrapper) {
    var input = wrapper.querySelector('[role="combobox"]');
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = wrapper.querySelector('[role="status"]');
    var hidden = input.form.elements.procedure;
    var unknown = input.form.elements.procedure_unknown;
    var messages = wrapper.dataset;
    var results = [];
    var active = -1;
    var timer = null;
    var pending = null;

    function announce(text) {
      status.textContent = text;
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var options = listbox.querySelectorAll('[role="option"]');
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var result = results[index];
      input.value = result.title;
      hidden.value = result.id;
      if (unknown) {
        unknown.checked = false;
      }
      close();
      announce(format(messages.msgSelected, { title: result.title }));
    }

    function render() {
      listbox.textContent = "";
      results.forEach(function (result, index) {
        var option = document.createElement("li");
        var title = document.createElement("span");
        var meta = document.createElement("span");
        option.id = listbox.id + "-option-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "combobox-option";
        title.className = "combobox-option-title";
        title.textContent = result.title;
        meta.className = "combobox-option-meta";
        meta.textContent = [result.theme_label, result.administration].filter(Boolean).join(" · ");
        option.appendChild(title);
        option.appendChild(meta);
        // mousedown would move focus out of the text field and close the list before click.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(index);
        });
        listbox.appendChild(option);
      });
      active = -1;
      if (results.length) {
        open();
      } else {
        close();
      }
    }

    function search(query) {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var url = messages.searchUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() !== query) {
            return; // the user kept typing; a newer request is on its way
          }
          results = data.results;
          render();
          if (!results.length) {
            announce(messages.msgNone);
          } else if (results.length === 1) {
            announce(messages.msgOne);
          } else {
            announce(format(messages.msgResults, { count: results.length }));
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            results = [];
            close();
            announce(messages.msgFailed);
          }
        });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      hidden.value = ""; // the text changed, so the earlier choice no longer holds
      clearTimeout(timer);
      if (query.length < MIN_LENGTH) {
        results = [];
        close();
        return;
      }
      timer = setTimeout(function () {
        search(query);
      }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var count = results.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) {
          return;
        }
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (event.altKey) {
            return; // Alt+Down only opens the list
          }
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        var start = active === -1 && step === -1 ? count : active;
        setActive((start + step + count) % count);
      } else if (event.key === "Enter") {
        if (isOpen()) {
          // Enter picks the highlighted option instead of submitting the whole form.
          event.preventDefault();
          if (active >= 0) {
            choose(active);
          } else if (count === 1) {
            choose(0);
          }
        }
      } else if (event.key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          hidden.value = "";
        }
      }
    });

    input.addEventListener("blur", close);

    if (unknown) {
      unknown.addEventListener("change", function () {
        if (unknown.checked) {
          hidden.value = "";
        }
      });
    }
  }

  document.querySelectorAll("[data-combobox]").forEach(setUp);

  // After a failed submission, move focus to the error summary so it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
