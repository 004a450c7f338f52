/* Wharf dashboard client code: theme switch, log viewer, console. No framework besides PrimeFaces' jQuery. */
var Wharf = Wharf || {};

/** Switches light/dark and remembers it for a year (the server reads the cookie to render the first paint). */
Wharf.toggleTheme = function () {
  var dark = !document.body.classList.contains('wharf-dark');
  document.body.classList.toggle('wharf-dark', dark);
  document.body.classList.toggle('wharf-light', !dark);
  document.cookie = 'wharf-theme=' + (dark ? 'dark' : 'light') + '; path=/; max-age=31536000; SameSite=Lax';
};

/** Chart.js extender: legend and axis text readable on either theme. */
Wharf.chartExtender = function () {
  var dark = document.body.classList.contains('wharf-dark');
  var colour = dark ? '#e2e8f0' : '#334155';
  this.cfg.config.options = this.cfg.config.options || {};
  var o = this.cfg.config.options;
  o.color = colour;
  if (o.scales) {
    Object.keys(o.scales).forEach(function (k) {
      o.scales[k].ticks = Object.assign({color: colour}, o.scales[k].ticks || {});
      o.scales[k].grid = Object.assign({color: dark ? '#334155' : '#e5e7eb'}, o.scales[k].grid || {});
    });
  }
};
