<?php

use Illuminate\Support\Facades\Route;

Route::middleware('auth')->group(function () {
    // ok: unauthenticated-state-changing-route
    Route::post('/posts', [PostController::class, 'store']);
});
// ruleid: unauthenticated-state-changing-route
Route::delete('/posts/{post}', [PostController::class, 'destroy']);
