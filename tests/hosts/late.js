setTimeout(() => {
  const w = document.createElement('elders-widget');
  w.id = 'late';
  w.setAttribute('data-topics', 'klimaatadaptatie, hittestress');
  document.querySelector('main').append(w);
}, 300);
