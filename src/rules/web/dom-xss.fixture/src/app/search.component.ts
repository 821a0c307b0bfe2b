import { Component, inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { DomSanitizer } from '@angular/platform-browser';

@Component({ selector: 'app-search', template: '<p [innerHTML]="term"></p>' })
export class SearchComponent {
  private readonly route = inject(ActivatedRoute);
  private readonly sanitizer = inject(DomSanitizer);
  term: unknown;
  banner: unknown;

  show(): void {
    let q: string = this.route.snapshot.queryParams.q;
    q = q.trim();
    // ruleid: dom-xss
    this.term = this.sanitizer.bypassSecurityTrustHtml(q);
    // ok: dom-xss
    this.banner = this.sanitizer.bypassSecurityTrustHtml('<b>Search</b>');
  }
}
