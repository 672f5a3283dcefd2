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
