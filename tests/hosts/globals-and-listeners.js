window.__globals = Object.getOwnPropertyNames(window);
window.__listeners = [];
const add = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (this === window || this === document || this === document.documentElement || this === document.body)
    window.__listeners.push(type);
  return add.call(this, type, ...rest);
};
