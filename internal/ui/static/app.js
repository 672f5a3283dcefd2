// jiaoliu: small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Ask before actions marked dangerous.
  document.querySelectorAll("button.danger").forEach(function (b) {
    b.addEventListener("click", function (ev) {
      var text = document.documentElement.lang === "en" ? "Are you sure?" : "确定要这样做吗？";
      if (!window.confirm(text)) ev.preventDefault();
    });
  });
  // Filter lists as soon as a drop-down changes.
  document.querySelectorAll("form.filters select").forEach(function (s) {
    s.addEventListener("change", function () { if (s.form && s.form.method === "get") s.form.submit(); });
  });
});

// A background run's page: poll its progress and reload when it ends.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("run-progress");
  if (!box) return;
  var bar = document.getElementById("run-bar");
  var msg = document.getElementById("run-message");
  var id = box.getAttribute("data-run");
  // A page may name its own progress address (a plan's solve is visible to
  // everyone who reads the plan, not only to whoever started the run).
  var url = box.getAttribute("data-poll") || "/api/v1/runs/" + id;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (run) {
        if (run.status === "done" || run.status === "failed") { window.location.reload(); return; }
        bar.value = run.percent || 0;
        bar.textContent = (run.percent || 0) + "%";
        if (msg) msg.textContent = run.message || "";
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
});

// Print buttons of the A4 pages (the secondment agreement, a host's list).
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function (e) { e.preventDefault(); window.print(); });
});
