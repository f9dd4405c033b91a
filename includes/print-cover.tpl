<div class="handbook-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="handbook-cover__subtitle">{{ config.site_description }}</p>
  <p class="handbook-cover__note">
    The seven-step framework, its chapters and the worked case studies, with every diagram rendered
    and every answer expanded. Printed from the site; the online edition is searchable.
  </p>
  <p class="handbook-cover__licence">Content CC BY-SA 4.0 &middot; code MIT</p>
</div>
